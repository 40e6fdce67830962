#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QLoggingCategory>
#include <QString>
#include <QStringList>

#include <optional>
#include <utility>

namespace tessera {

// One page of a delta sync read the same way for every feature (DeltaSync::applyPage): the array
// of objects under key and the `removed` ids checked (nothing is stored when either is not valid
// or too long, or the cursor is not one), each object parsed with the feature's fromJson and
// skipped with a warning when refused (an older copy of it dropped: it changed on the server),
// then the store's applyDelta with the cursor, in one transaction.
struct DeltaPageSpec
{
    QString name; // "news": named in the debug line
    QString key; // "posts": the page's array of objects
    qsizetype maxIdLength = 0; // of an object's id, removed or refused
    QMessageLogger::CategoryFunction log = nullptr;
    // The problems, in the feature's words.
    QString malformed; // the page has no array of objects, of removed ids or no valid cursor
    QString tooLong;
    QString badRemovedId;
    QString notStored;
    QString skipping; // the warning's opening, before why an object was refused
};

// A page checked, its objects not parsed yet.
struct DeltaPageRead
{
    QJsonArray objects;
    QStringList removed;
};

// The page's arrays and cursor checked; nullopt and *problem when they are not valid.
std::optional<DeltaPageRead> readDeltaPage(
    const QJsonObject &page, const QString &cursor, const DeltaPageSpec &spec, QString *problem);
// An object fromJson refused (why): warned about, and its id (when valid) added to removed.
void skipRefused(
    const QJsonObject &object, const QString &why, const DeltaPageSpec &spec, QStringList *removed);
// The debug line of a page applied.
void logPageApplied(const DeltaPageSpec &spec, qsizetype objects, qsizetype removed);

// Reads page (Item::fromJson(object, &why) parses one object) and applies it to store
// (store.applyDelta(items, removed, cursor)); false and *problem when nothing was stored.
template<typename Item, typename Store>
bool applyDeltaPage(const QJsonObject &page, const QString &cursor, const DeltaPageSpec &spec,
    Store &store, QString *problem)
{
    std::optional<DeltaPageRead> read = readDeltaPage(page, cursor, spec, problem);
    if (!read)
        return false;
    QList<Item> items;
    items.reserve(read->objects.size());
    for (const auto &value : std::as_const(read->objects)) {
        QString why;
        std::optional<Item> item = Item::fromJson(value.toObject(), &why);
        if (!item) {
            skipRefused(value.toObject(), why, spec, &read->removed);
            continue;
        }
        items.append(std::move(*item));
    }
    if (!store.applyDelta(items, read->removed, cursor)) {
        *problem = spec.notStored;
        return false;
    }
    logPageApplied(spec, items.size(), read->removed.size());
    return true;
}

} // namespace tessera
