#include "push/pushhttp.h"

#include <QRegularExpression>
#include <QTimeZone>

namespace tessera::server::pushhttp {

namespace {

int monthOf(QStringView name)
{
    static const QStringList months = { QStringLiteral("Jan"), QStringLiteral("Feb"),
        QStringLiteral("Mar"), QStringLiteral("Apr"), QStringLiteral("May"), QStringLiteral("Jun"),
        QStringLiteral("Jul"), QStringLiteral("Aug"), QStringLiteral("Sep"), QStringLiteral("Oct"),
        QStringLiteral("Nov"), QStringLiteral("Dec") };
    return int(months.indexOf(name.toString())) + 1; // 0: not a month
}

// An HTTP-date (RFC 9110 section 5.6.7), always GMT.
QDateTime httpDate(const QString &text)
{
    // IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT
    static const QRegularExpression fixdate(QStringLiteral(
        R"(^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d{2}) ([A-Z][a-z]{2}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$)"));
    // RFC 850: Sunday, 06-Nov-94 08:49:37 GMT
    static const QRegularExpression rfc850(QStringLiteral(
        R"(^[A-Z][a-z]+day, (\d{2})-([A-Z][a-z]{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2}) GMT$)"));
    // asctime: Sun Nov  6 08:49:37 1994
    static const QRegularExpression asctime(QStringLiteral(
        R"(^[A-Z][a-z]{2} ([A-Z][a-z]{2}) ([ \d]\d) (\d{2}):(\d{2}):(\d{2}) (\d{4})$)"));
    int day = 0;
    int month = 0;
    int year = 0;
    int hour = 0;
    int minute = 0;
    int second = 0;
    if (const auto m = fixdate.match(text); m.hasMatch()) {
        day = m.captured(1).toInt();
        month = monthOf(m.capturedView(2));
        year = m.captured(3).toInt();
        hour = m.captured(4).toInt();
        minute = m.captured(5).toInt();
        second = m.captured(6).toInt();
    } else if (const auto m850 = rfc850.match(text); m850.hasMatch()) {
        day = m850.captured(1).toInt();
        month = monthOf(m850.capturedView(2));
        const int yy = m850.captured(3).toInt();
        year = yy < 70 ? 2000 + yy : 1900 + yy; // RFC 9110: the nearest century
        hour = m850.captured(4).toInt();
        minute = m850.captured(5).toInt();
        second = m850.captured(6).toInt();
    } else if (const auto ma = asctime.match(text); ma.hasMatch()) {
        month = monthOf(ma.capturedView(1));
        day = ma.captured(2).trimmed().toInt();
        hour = ma.captured(3).toInt();
        minute = ma.captured(4).toInt();
        second = ma.captured(5).toInt();
        year = ma.captured(6).toInt();
    } else {
        return {};
    }
    const QDate date(year, month, day);
    const QTime time(hour, minute, second);
    if (month == 0 || !date.isValid() || !time.isValid())
        return {};
    return QDateTime(date, time, QTimeZone::utc());
}

} // namespace

std::optional<qint64> retryAfter(const QByteArray &value, const QDateTime &now)
{
    const QString text = QString::fromLatin1(value).trimmed();
    static const QRegularExpression digits(QStringLiteral("^\\d{1,12}$"));
    if (digits.match(text).hasMatch())
        return text.toLongLong();
    const QDateTime at = httpDate(text);
    if (!at.isValid())
        return std::nullopt;
    return std::max<qint64>(0, now.secsTo(at));
}

PushTransport::Outcome outcomeOf(int status)
{
    using Outcome = PushTransport::Outcome;
    if (status >= 200 && status < 300)
        return Outcome::Accepted;
    if (status == 404 || status == 410)
        return Outcome::Gone;
    if (status == 0 || status == 429 || status >= 500)
        return Outcome::Retry;
    return Outcome::Refused;
}

} // namespace tessera::server::pushhttp
