import QtQuick
import QtQuick.Controls.Material
import Tessera

// The text beside a card's switch, radio button or check box: the card's words in plain text (the
// style's own label renders markup), beside the button's indicator as the style places its own.
OutsideText {
    // The Switch, RadioButton or CheckBox it labels (var: qmllint 6.4 sees no AbstractButton in
    // the style's CheckBox).
    required property var button

    text: Outside.text(button.text)
    font: button.font
    verticalAlignment: Text.AlignVCenter
    leftPadding: button.indicator && !button.mirrored ? button.indicator.width + button.spacing : 0
    rightPadding: button.indicator && button.mirrored ? button.indicator.width + button.spacing : 0
    color: enabled ? Material.foreground : Material.hintTextColor // the button's, inherited
    Accessible.ignored: true
}
