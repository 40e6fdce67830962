#pragma once

#include <QObject>
#include <QStringList>
#include <QVariant>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

namespace tessera {

// `CardDocument`: an Adaptive Card (docs/CARDS.md) read by core's CardParser and handed to the
// card view (qml/cards/) as plain maps. Each element map has `type` (the schema's name:
// "TextBlock", "Input.Text", ...), the common properties (`id`, `isVisible`, `separator`,
// `spacing`, `height`, `style`, `selectAction`), its own properties under their schema names,
// its children under `items` (a ColumnSet's columns, a Table's rows, a row's cells, an ImageSet's
// images), a TextBlock's markdown as `blocks` ([{kind, number, runs: [{text, bold, italic,
// link}]}]) and an input's spec as `input`. A TextBlock and each fact have `secret` (the host
// extension `"tessera": {"secret": true}`: masked until shown, see SecretClipboard). An action
// map has `type` ("Action.Submit", ...), its properties, a ShowCard's card as {body, actions},
// and `inputIds`: the inputs a Submit or Execute sends (its card's and the cards it is shown in;
// none for associatedInputs "none").
// Links (Image.url, OpenUrl.url, markdown links) are indexes into `links`; no URL is in any text.
class CardDocument : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    // The card: its JSON text (QString or QByteArray) or the object itself (a JS object).
    Q_PROPERTY(QVariant json READ json WRITE setJson NOTIFY jsonChanged)
    Q_PROPERTY(bool valid READ isValid NOTIFY changed)
    // The parser's problems: [{path, message}], the first one first.
    Q_PROPERTY(QVariantList problems READ problems NOTIFY changed)
    Q_PROPERTY(QVariantList body READ body NOTIFY changed)
    Q_PROPERTY(QVariantList actions READ actions NOTIFY changed)
    Q_PROPERTY(QStringList links READ links NOTIFY changed)
    // The card's own selectAction (an action map, or an empty map).
    Q_PROPERTY(QVariantMap selectAction READ selectAction NOTIFY changed)
    Q_PROPERTY(QString fallbackText READ fallbackText NOTIFY changed)
    Q_PROPERTY(QString speak READ speak NOTIFY changed)
public:
    explicit CardDocument(QObject *parent = nullptr);

    QVariant json() const { return m_json; }
    void setJson(const QVariant &json);
    bool isValid() const { return m_valid; }
    QVariantList problems() const { return m_problems; }
    QVariantList body() const { return m_body; }
    QVariantList actions() const { return m_actions; }
    QStringList links() const { return m_links; }
    QVariantMap selectAction() const { return m_selectAction; }
    QString fallbackText() const { return m_fallbackText; }
    QString speak() const { return m_speak; }

    // The host name of a link (lower case; "" for an index that names no link): what the
    // confirmation before opening it names.
    Q_INVOKABLE QString linkHost(int link) const;

Q_SIGNALS:
    void jsonChanged();
    void changed();

private:
    QVariant m_json;
    bool m_valid = false;
    QVariantList m_problems;
    QVariantList m_body;
    QVariantList m_actions;
    QStringList m_links;
    QVariantMap m_selectAction;
    QString m_fallbackText;
    QString m_speak;
};

} // namespace tessera
