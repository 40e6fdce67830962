#pragma once

#include <QObject>
#include <QStringList>

class QQuickItem;

namespace tessera {
class RefusingNetworkFactory;
}

// `HostileProbe` (import TesseraTest), for hostile_pages.qml (tst_qml_hostile): what the QML
// engines of the test process did that a page must never do with outside text.
// - warnings(): every warning (and worse) logged since clearWarnings(), which (re)installs the
//   message handler.
// - networkRequests: the requests the engines' refusing network access managers turned down.
// - textProblems(item, markers): walks every item of item's window (popups included) and names
//   each Text or TextEdit that shows outside text other than as plain text: one whose text holds
//   a marker (a tag of the hostile strings) but is not PlainText, one that shows a bidi override
//   or embedding (Outside.text removes them), one that is visible and drawn wider than itself or
//   than the window (a long word that did not wrap, a row that lost its layout).
// - shownTexts(item): the texts of the visible Text items of item's window.
// - moduleFiles(): the QML files in the Tessera module's folders and their sub-folders
//   ("inbox/InboxPage.qml", "cards/inputs/CardInputText.qml", ...).
// - screenshotFile(name): where to save a picture of what the test shows, when
//   TESSERA_HOSTILE_SCREENSHOTS names a folder ("" otherwise): NAME-THEME.png, the theme from
//   QT_QUICK_CONTROLS_MATERIAL_THEME.
class HostileProbe : public QObject
{
    Q_OBJECT
    Q_PROPERTY(int networkRequests READ networkRequests)
public:
    explicit HostileProbe(
        const tessera::RefusingNetworkFactory &network, QObject *parent = nullptr);

    // Installs the message handler that feeds warnings() (again after QtTest installed its own).
    static void installMessageHandler();

    int networkRequests() const;
    Q_INVOKABLE QStringList warnings() const;
    Q_INVOKABLE void clearWarnings();
    Q_INVOKABLE QStringList textProblems(QQuickItem *item, const QStringList &markers) const;
    Q_INVOKABLE QStringList shownTexts(QQuickItem *item) const;
    Q_INVOKABLE QStringList moduleFiles() const;
    Q_INVOKABLE QString screenshotFile(const QString &name) const;
    // The source of one of moduleFiles() (compiled into the module's resources).
    Q_INVOKABLE QString moduleSource(const QString &file) const;

private:
    static void handleMessage(
        QtMsgType type, const QMessageLogContext &context, const QString &message);

    const tessera::RefusingNetworkFactory &m_network;
};
