#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace tessera {

// The plaintext of one push (what the server's Web Push sender encrypts for this device):
// {"id", "title", "actions": [{"id", "label"}]}, or {"id"} alone (a content-free hint: the title
// did not fit). Read strictly: nothing else in the object, an id shaped like an inbox item id,
// a title of plain text up to maxTitleBytes, actions only "approve" and "reject" (each at most
// once) with a plain-text label. Anything else is not a push message.
struct PushMessage
{
    struct Action
    {
        QString id;
        QString label;
    };

    QString itemId;
    QString title; // empty for a hint
    QList<Action> actions;
    bool hint = false;

    static constexpr qsizetype maxTitleBytes = 1024;
    static constexpr qsizetype maxLabelBytes = 256;
    static constexpr qsizetype maxActions = 2;

    // The message in plaintext, or nullopt with *reason (never the text itself) when it is not
    // one.
    static std::optional<PushMessage> parse(const QByteArray &plaintext, QString *reason = nullptr);
    // Whether id has the shape of an inbox item id (the server's "ntf_" and a url-safe random).
    static bool isItemId(const QString &id);
};

} // namespace tessera
