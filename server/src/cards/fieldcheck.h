#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace tessera::server {

// Text and images outside a card checked as a card's own (core's CardParser): a news post's
// title, summary, body and hero image, a survey's title. What a field holds is checked as the
// only element of a card, so that the rules (no HTML, links and images https to allowed hosts
// only, the markdown subset) are the card's, in one place.
namespace fieldcheck {

// {"type": "AdaptiveCard", "version": "1.5", "body": body}.
QJsonObject cardOf(const QJsonArray &body);
// A wrapping TextBlock holding text.
QJsonObject textBlock(const QString &text);
// An Image of url.
QJsonObject imageElement(const QString &url);
// The first problem of element as a card's only element, or an empty message.
QString problemOf(const QJsonObject &element, const QStringList &allowedHosts);

} // namespace fieldcheck
} // namespace tessera::server
