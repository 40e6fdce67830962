#pragma once

#include <QDateTime>
#include <QString>

#include <optional>

namespace tessera::wiretime {

// Times on the wire are RFC 3339 strings in UTC with second precision: 2026-11-29T10:42:00Z.
QString format(const QDateTime &time);

// Accepts RFC 3339 with a 'Z' or a numeric offset; answers nullopt for anything else.
std::optional<QDateTime> parse(const QString &text);

} // namespace tessera::wiretime
