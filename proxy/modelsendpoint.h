#pragma once

// GET /v1/models and GET /v1/models/{id} (protocols 1.10 and 3.5): the models a client may ask for,
// in the Anthropic shape (paginated, type:"model", display_name, RFC 3339 created_at) or the OpenAI
// shape (object:"list", owned_by).

#include <QByteArray>
#include <QStringList>
#include <QUrlQuery>

namespace Switchyard::ModelsEndpoint {

// Anthropic clients send x-api-key or anthropic-version; OpenAI clients send neither.
bool wantsAnthropicShape(const QByteArray &xApiKey, const QByteArray &anthropicVersion);

// {"data":[...],"has_more":..,"first_id":..,"last_id":..}; honours limit (1-1000, default 20),
// after_id and before_id like the Anthropic API.
QByteArray anthropicList(const QStringList &ids, const QUrlQuery &query);
QByteArray anthropicModel(const QString &id);
// {"object":"list","data":[{"id","object":"model","created","owned_by"}]}
QByteArray openAIList(const QStringList &ids);
QByteArray openAIModel(const QString &id);

} // namespace Switchyard::ModelsEndpoint
