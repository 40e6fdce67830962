#pragma once

#include <QLoggingCategory>

namespace tessera {

// tessera.client.news: News's cache, sync and read outbox (never tokens or post contents)
Q_DECLARE_LOGGING_CATEGORY(lcNews)

} // namespace tessera
