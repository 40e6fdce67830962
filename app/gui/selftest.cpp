#include "selftest.h"

#include "applogging.h"
#include "base/printtext.h"

#include <QDir>
#include <QQmlComponent>
#include <QQmlEngine>
#include <QQuickItem>
#include <QQuickWindow>
#include <QTimer>

#include <cstdio>

namespace tessera {

SelfTest::SelfTest(QObject *parent)
    : QObject(parent)
{ }

SelfTest::~SelfTest() = default;

void SelfTest::run(QQmlEngine *engine, const QUrl &mainUrl, const QString &moduleDir)
{
    std::printf("self-test: loading %s\n", qPrintable(mainUrl.toString()));
    QQmlComponent mainComponent(engine, mainUrl);
    std::unique_ptr<QObject> mainObject(mainComponent.create());
    if (!mainObject) {
        for (const auto &error : mainComponent.errors())
            qCCritical(lcApp).noquote() << "self-test:" << error.toString();
    } else {
        m_mainLoaded = true;
        m_objects.push_back(std::move(mainObject));
    }

    QStringList pages;
    const QDir module(moduleDir);
    const QStringList folders = module.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
    for (const QString &folder : folders) {
        const QDir dir(module.filePath(folder));
        const QStringList names =
            dir.entryList({ QStringLiteral("*Page.qml") }, QDir::Files, QDir::Name);
        for (const QString &name : names)
            pages.append(dir.absoluteFilePath(name));
    }
    m_pagesTotal = int(pages.size());
    for (const QString &page : pages) {
        const QUrl url(u"qrc" + page);
        std::printf("self-test: loading %s\n", qPrintable(url.toString()));
        if (loadInWindow(engine, url))
            ++m_pagesLoaded;
    }
    QTimer::singleShot(settleMs, this, &SelfTest::report);
}

bool SelfTest::loadInWindow(QQmlEngine *engine, const QUrl &url)
{
    QQmlComponent component(engine, url);
    std::unique_ptr<QObject> object(component.create());
    if (!object) {
        for (const auto &error : component.errors())
            qCCritical(lcApp).noquote() << "self-test:" << error.toString();
        return false;
    }
    auto *item = qobject_cast<QQuickItem *>(object.get());
    if (!item) {
        qCCritical(lcApp).noquote() << "self-test:" << url.toString() << "is not a visual item ("
                                    << object->metaObject()->className() << ")";
        return false;
    }
    auto window = std::make_unique<QQuickWindow>();
    window->resize(390, 844);
    item->setParentItem(window->contentItem());
    object.release()->setParent(window.get()); // deleted with its window
    item->setSize(window->size());
    window->show();
    m_windows.push_back(std::move(window));
    return true;
}

void SelfTest::report()
{
    const QStringList problems = m_warnings.warnings();
    QString text =
        QStringLiteral("self-test: Main.qml %1\nself-test: %2 pages loaded, %3 warnings\n")
            .arg(m_mainLoaded ? QStringLiteral("loaded") : QStringLiteral("FAILED to load"),
                QString::number(m_pagesLoaded), QString::number(problems.size()));
    for (const QString &problem : std::as_const(problems))
        text += QStringLiteral("self-test: warning: %1\n").arg(problem);
    printText(stdout, qPrintable(text));
    const bool ok =
        m_mainLoaded && m_pagesTotal > 0 && m_pagesLoaded == m_pagesTotal && problems.isEmpty();
    Q_EMIT finished(ok ? 0 : 1);
}

} // namespace tessera
