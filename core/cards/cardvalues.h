#pragma once
// The value formats of Input.Date (YYYY-MM-DD) and Input.Time (HH:MM, 24 hours), shared by the
// card parser (min, max and initial values) and the submission validator.
#include <QDate>
#include <QString>
#include <QTime>

#include <optional>

namespace tessera::cards {

class CardValues
{
public:
    static std::optional<QDate> date(const QString &text);
    static std::optional<QTime> time(const QString &text);
    static std::optional<double> number(const QString &text);
};

} // namespace tessera::cards
