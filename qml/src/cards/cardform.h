#pragma once

#include "cards/card.h"

#include <QHash>
#include <QObject>
#include <QStringList>
#include <QVariant>
#include <QVariantList>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

namespace tessera {

// `CardForm`: what a person fills in a card's inputs, and what is wrong with it, in the words the
// server would use (core's SubmissionValidator, the same the server runs at submit). The card's
// input elements (qml/cards/inputs/) write their text with setValue() as it is edited and show
// errors[id] under the field. Values start as the card's own `value`s; an empty value is no value
// (left out of values()). A card that does not parse makes every validate() false and says why in
// `problem`.
//
// Errors are set by validate() (for the inputs it checks) and by setServerErrors() (the server's
// 422 invalid_inputs); an input's error goes once its value changes to one that passes (or turns
// into the new value's problem). Only inputs of the card hold errors.
class CardForm : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    // The card: its JSON text (QString or QByteArray) or the object itself (a JS object).
    Q_PROPERTY(QVariant json READ json WRITE setJson NOTIFY jsonChanged)
    Q_PROPERTY(bool valid READ isValid NOTIFY jsonChanged)
    // Why the card cannot be filled ("" when it can): its first problem and where.
    Q_PROPERTY(QString problem READ problem NOTIFY jsonChanged)
    // The ids of the card's inputs, in the card's order (ShowCard cards included).
    Q_PROPERTY(QStringList inputIds READ inputIds NOTIFY jsonChanged)
    // Input id -> message, for the inputs that have an error now.
    Q_PROPERTY(QVariantMap errors READ errors NOTIFY errorsChanged)
public:
    explicit CardForm(QObject *parent = nullptr);
    ~CardForm() override;

    QVariant json() const { return m_json; }
    void setJson(const QVariant &json);
    bool isValid() const { return m_valid; }
    QString problem() const { return m_problem; }
    QStringList inputIds() const;
    QVariantMap errors() const { return m_errors; }

    // An input's text as the person edits it (an id that is no input of the card is ignored).
    Q_INVOKABLE void setValue(const QString &id, const QString &text);
    Q_INVOKABLE QString value(const QString &id) const;
    // Checks these inputs (none: every input) and sets or clears their errors; true when none
    // has one. Ids that name no input are not checked. Always false for a card that is invalid.
    Q_INVOKABLE bool validate(const QStringList &ids = {});
    // The values to submit for these inputs (none: every input), without the empty ones.
    Q_INVOKABLE QVariantMap values(const QStringList &ids = {}) const;
    // The server's answer to a submission (422 invalid_inputs' "errors": [{input, message}])
    // replaces the errors shown; entries that name no input of the card are left out.
    Q_INVOKABLE void setServerErrors(const QVariantList &errors);

Q_SIGNALS:
    void jsonChanged();
    void errorsChanged();
    // One input's value changed (by setValue, or to the card's own value when json changed).
    void valueChanged(const QString &id);

private:
    const cards::CardElement *input(const QString &id) const;
    QStringList selected(const QStringList &ids) const;
    void setErrors(const QVariantMap &errors);

    QVariant m_json;
    bool m_valid = false;
    QString m_problem;
    cards::Card m_card;
    QList<const cards::CardElement *> m_inputs;
    QHash<QString, QString> m_values;
    QVariantMap m_errors;
};

} // namespace tessera
