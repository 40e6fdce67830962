#include "hostileprobe.h"

#include "refusingnetworkfactory.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QMutex>
#include <QMutexLocker>
#include <QQuickItem>
#include <QQuickWindow>

#include <algorithm>

namespace {

QMutex g_mutex;
QStringList g_warnings;
QtMessageHandler g_previousHandler = nullptr;

// Every item of the item's window, the window's content item first (popups are in its overlay).
void collect(QQuickItem *item, QList<QQuickItem *> &items)
{
    items.append(item);
    const QList<QQuickItem *> children = item->childItems();
    for (QQuickItem *child : children)
        collect(child, items);
}

QList<QQuickItem *> windowItems(QQuickItem *item)
{
    QList<QQuickItem *> items;
    if (!item)
        return items;
    collect(item->window() ? item->window()->contentItem() : item, items);
    return items;
}

bool isText(const QQuickItem *item)
{
    return item->inherits("QQuickText") || item->inherits("QQuickTextEdit");
}

QString describe(const QQuickItem *item, const QString &text)
{
    QString path;
    for (const QObject *at = item; at; at = at->parent()) {
        if (!at->objectName().isEmpty()) {
            path = at->objectName();
            break;
        }
    }
    return QStringLiteral("%1 (in %2) showing \"%3\"")
        .arg(QString::fromLatin1(item->metaObject()->className()), path, text.left(60));
}

// Bidi controls that a value from outside may not bring to the screen (Outside.text removes
// them; Outside.inline adds only the isolate U+2068 ... U+2069 around a value).
bool hasBidiOverride(const QString &text)
{
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        if ((u >= 0x202A && u <= 0x202E) || u == 0x2066 || u == 0x2067)
            return true;
    }
    return false;
}

} // namespace

HostileProbe::HostileProbe(const tessera::RefusingNetworkFactory &network, QObject *parent)
    : QObject(parent)
    , m_network(network)
{ }

void HostileProbe::installMessageHandler()
{
    // QtTest installs its own handler when a test file starts (and does not pass messages on to
    // the one before it): install ours on top, passing messages on to QtTest's.
    const QtMessageHandler previous = qInstallMessageHandler(&HostileProbe::handleMessage);
    if (previous != &HostileProbe::handleMessage)
        g_previousHandler = previous;
}

void HostileProbe::handleMessage(
    QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    // The offscreen platform says this for every window it shows; it is not about the pages.
    if (type != QtDebugMsg && type != QtInfoMsg
        && message != u"This plugin does not support propagateSizeHints()") {
        QMutexLocker lock(&g_mutex);
        g_warnings.append(message);
    }
    if (g_previousHandler)
        g_previousHandler(type, context, message);
}

int HostileProbe::networkRequests() const
{
    return m_network.refusals();
}

QStringList HostileProbe::warnings() const
{
    QMutexLocker lock(&g_mutex);
    return g_warnings;
}

void HostileProbe::clearWarnings()
{
    installMessageHandler();
    QMutexLocker lock(&g_mutex);
    g_warnings.clear();
}

QStringList HostileProbe::textProblems(QQuickItem *item, const QStringList &markers) const
{
    QStringList problems;
    const QList<QQuickItem *> items = windowItems(item);
    const qreal windowWidth = item && item->window() ? item->window()->width() : 0;
    for (QQuickItem *each : items) {
        if (!isText(each))
            continue;
        const QString text = each->property("text").toString();
        const bool hostile = std::any_of(markers.cbegin(), markers.cend(),
            [&text](const QString &marker) { return text.contains(marker); });
        if (hasBidiOverride(text))
            problems.append(
                QStringLiteral("a bidi override or embedding in ") + describe(each, text));
        if (!hostile)
            continue;
        // Text.PlainText and TextEdit.PlainText are both Qt::PlainText.
        if (each->property("textFormat").toInt() != Qt::PlainText)
            problems.append(QStringLiteral("not plain text: ") + describe(each, text));
        if (!each->isVisible() || each->width() <= 0)
            continue;
        const qreal contentWidth = each->property("contentWidth").toReal();
        if (contentWidth > each->width() + 1)
            problems.append(
                QStringLiteral("drawn %1 px wide in %2 px: ").arg(contentWidth).arg(each->width())
                + describe(each, text));
        if (windowWidth > 0 && each->width() > windowWidth + 1)
            problems.append(QStringLiteral("wider (%1 px) than the window (%2 px): ")
                                .arg(each->width())
                                .arg(windowWidth)
                + describe(each, text));
    }
    return problems;
}

QStringList HostileProbe::shownTexts(QQuickItem *item) const
{
    QStringList texts;
    const QList<QQuickItem *> items = windowItems(item);
    for (QQuickItem *each : items) {
        if (isText(each) && each->isVisible())
            texts.append(each->property("text").toString());
    }
    return texts;
}

QStringList HostileProbe::moduleFiles() const
{
    // Every folder's files, sub-folders (cards/inputs) included; not the module's root (Main.qml).
    QStringList files;
    const QDir module(QStringLiteral(":/Tessera"));
    QDirIterator it(
        module.path(), { QStringLiteral("*.qml") }, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString file = module.relativeFilePath(it.next());
        if (file.contains(u'/'))
            files.append(file);
    }
    files.sort();
    return files;
}

QString HostileProbe::screenshotFile(const QString &name) const
{
    const QString folder = qEnvironmentVariable("TESSERA_HOSTILE_SCREENSHOTS");
    if (folder.isEmpty() || !QDir().mkpath(folder))
        return {};
    QString theme = qEnvironmentVariable("QT_QUICK_CONTROLS_MATERIAL_THEME").toLower();
    if (theme.isEmpty())
        theme = QStringLiteral("light");
    return QDir(folder).filePath(name + u'-' + theme + QStringLiteral(".png"));
}

QString HostileProbe::moduleSource(const QString &file) const
{
    QFile source(QStringLiteral(":/Tessera/") + file);
    if (!source.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(source.readAll());
}
