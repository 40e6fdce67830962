import QtQuick
import Tessera

// An ActionSet among a card's elements: its actions as a bar of buttons (a ShowCard's card opens
// under it).
CardActionBar {
    required property var element

    actions: element.actions || []
}
