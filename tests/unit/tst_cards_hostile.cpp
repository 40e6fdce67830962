// Hostile cards: every value of a card that uses the whole subset replaced by values of every
// other type, huge arrays, deep JSON: always problems or a card, never a crash; a property of
// the wrong type is a problem (or, outside the subset, ignored) at its own path.
#include "cards/cardlimits.h"
#include "cardtesting.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <functional>

using namespace tessera::cards;
using namespace tessera::cards::testing;

namespace {

// Calls visit(path, value, replace) for every value under value, depth first.
using Visit = std::function<void(const QString &, const QJsonValue &)>;

void walk(const QJsonValue &value, const QString &path, const Visit &visit)
{
    visit(path, value);
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.constBegin(); it != object.constEnd(); ++it)
            walk(it.value(), path + QLatin1Char('.') + it.key(), visit);
    } else if (value.isArray()) {
        const QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i)
            walk(array.at(i), path + QLatin1Char('[') + QString::number(i) + QLatin1Char(']'),
                visit);
    }
}

// The value at a path like $.body[2].items[0].text replaced.
QJsonValue replaced(const QJsonValue &value, QStringView path, const QJsonValue &with)
{
    if (path.isEmpty())
        return with;
    if (path.startsWith(QLatin1Char('['))) {
        const qsizetype close = path.indexOf(QLatin1Char(']'));
        const qsizetype index = path.mid(1, close - 1).toInt();
        QJsonArray array = value.toArray();
        array[index] = replaced(array.at(index), path.mid(close + 1), with);
        return array;
    }
    qsizetype end = 1;
    while (
        end < path.size() && path.at(end) != QLatin1Char('.') && path.at(end) != QLatin1Char('['))
        ++end;
    const QString key = path.mid(1, end - 1).toString();
    QJsonObject object = value.toObject();
    object.insert(key, replaced(object.value(key), path.mid(end), with));
    return object;
}

QJsonObject richCard()
{
    QFile file(QStringLiteral(TESSERA_CARDS_CORPUS "/card-rich"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll().mid(1)).object();
}

bool replacedElsewhere(const CardParseResult &result, const QString &path)
{
    return std::any_of(result.entries.cbegin(), result.entries.cend(), [&](const auto &entry) {
        return entry.outcome != CardOutcome::Rendered && path.startsWith(entry.path);
    });
}

} // namespace

class TestCardsHostile : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void everyValueOfEveryType()
    {
        const QJsonObject card = richCard();
        QVERIFY(!card.isEmpty());
        QVERIFY2(
            CardParser().parse(card).isValid(), qPrintable(problemText(CardParser().parse(card))));
        const QList<QJsonValue> others { QJsonValue(), QJsonValue(true), QJsonValue(-1),
            QJsonValue(1e308), QJsonValue(QString()), QJsonValue(QStringLiteral("<b>x</b>")),
            QJsonValue(QStringLiteral("http://x.example/")), QJsonArray(), QJsonObject(),
            QJsonArray { QJsonObject {} } };
        int parses = 0;
        walk(card, QStringLiteral("$"), [&](const QString &path, const QJsonValue &original) {
            for (const QJsonValue &other : others) {
                const QJsonObject mutated =
                    replaced(card, QStringView(path).mid(1), other).toObject();
                const CardParseResult result = CardParser().parse(mutated);
                ++parses;
                for (const CardProblem &problem : result.problems)
                    QVERIFY(problem.path.startsWith(QLatin1Char('$')));
                // A scalar made a container (outside an action's free-form data) is wrong.
                const bool scalar = original.isString() || original.isDouble() || original.isBool();
                if (scalar && (other.isArray() || other.isObject())
                    && !path.contains(QStringLiteral(".data"))) {
                    QVERIFY2(!result.isValid() || hasEntry(result, path, CardOutcome::Ignored)
                            || replacedElsewhere(result, path),
                        qPrintable(path));
                }
            }
        });
        QVERIFY2(parses >= 700, qPrintable(QString::number(parses)));
    }

    void hugeArrays()
    {
        QJsonArray numbers;
        for (int i = 0; i < 20000; ++i)
            numbers.append(i);
        for (const char *key : { "body", "actions" }) {
            QJsonObject card { { QStringLiteral("type"), QStringLiteral("AdaptiveCard") },
                { QStringLiteral("version"), QStringLiteral("1.5") } };
            card.insert(QString::fromLatin1(key), numbers);
            const CardParseResult result = CardParser().parse(card);
            QVERIFY(!result.isValid());
            QCOMPARE(result.problems.size(), maxProblems);
        }
        const QJsonObject facts { { QStringLiteral("type"), QStringLiteral("FactSet") },
            { QStringLiteral("facts"), numbers } };
        const QJsonObject card { { QStringLiteral("type"), QStringLiteral("AdaptiveCard") },
            { QStringLiteral("version"), QStringLiteral("1.5") },
            { QStringLiteral("body"), QJsonArray { facts } } };
        QVERIFY(!CardParser().parse(card).isValid());
    }

    void deepJson()
    {
        // Deep JSON where anything goes (an action's data) and where elements go.
        const QByteArray deep = QByteArray(900, '[') + QByteArray(900, ']');
        const QByteArray data = "{\"type\":\"AdaptiveCard\",\"version\":\"1.5\",\"actions\":[{"
                                "\"type\":\"Action.Submit\",\"data\":"
            + deep + "}]}";
        QVERIFY(CardParser().parse(data).isValid());
        const QByteArray body =
            "{\"type\":\"AdaptiveCard\",\"version\":\"1.5\",\"body\":" + deep + "}";
        QVERIFY(!CardParser().parse(body).isValid());
        // Deeper than the JSON reader takes: not JSON.
        const QByteArray deeper = QByteArray(5000, '[') + QByteArray(5000, ']');
        QCOMPARE(firstProblemPath(CardParser().parse(deeper)), QStringLiteral("$"));
    }
};

QTEST_GUILESS_MAIN(TestCardsHostile)
#include "tst_cards_hostile.moc"
