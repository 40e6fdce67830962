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
    // A number as the forms above write it: up to 15 significant digits, so that whole numbers
    // of up to 15 digits stay plain (1234567, not 1.23457e+06).
    static QString numberText(double value);
};

} // namespace tessera::cards
