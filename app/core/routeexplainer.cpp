#include "routeexplainer.h"

#include <QRegularExpression>

#include <simdjson.h>
#include <string_view>

namespace Switchyard {

namespace {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

bool hasField(const object &obj, std::string_view key)
{
    element value;
    return obj[key].get(value) == simdjson::SUCCESS;
}

std::string_view stringField(const element &value, std::string_view key)
{
    std::string_view text;
    if (value[key].get(text) != simdjson::SUCCESS)
        return {};
    return text;
}

// Votes of one content block or tool: +1 Anthropic, -1 OpenAI.
int blockVote(const element &block)
{
    const std::string_view type = stringField(block, "type");
    if (type == "tool_use" || type == "tool_result" || type == "image" || type == "thinking"
        || type == "redacted_thinking" || type == "document" || type.starts_with("web_search"))
        return 1;
    if (type == "image_url" || type == "input_audio" || type == "function" || type == "refusal")
        return -1;
    element unused;
    if (block["input_schema"].get(unused) == simdjson::SUCCESS)
        return 1;
    return 0;
}

int arrayVotes(const element &value)
{
    array items;
    if (value.get(items) != simdjson::SUCCESS)
        return 0;
    int votes = 0;
    for (const element item : items)
        votes += blockVote(item);
    return votes;
}

int dialectVotes(const object &root)
{
    int votes = 0;
    for (const char *key :
         {"system", "thinking", "output_config", "stop_sequences", "top_k", "anthropic_beta"})
        votes += hasField(root, key) ? 1 : 0;
    for (const char *key :
         {"reasoning_effort", "response_format", "max_completion_tokens", "functions", "web_search_options",
          "stream_options", "frequency_penalty", "presence_penalty", "logprobs", "n", "seed", "stop"})
        votes -= hasField(root, key) ? 1 : 0;
    element tools;
    if (root["tools"].get(tools) == simdjson::SUCCESS)
        votes += arrayVotes(tools);
    array messages;
    if (root["messages"].get(messages) == simdjson::SUCCESS) {
        for (const element message : messages) {
            const std::string_view role = stringField(message, "role");
            if (role == "system" || role == "tool" || role == "developer" || role == "function")
                --votes;
            element unused;
            if (message["tool_calls"].get(unused) == simdjson::SUCCESS)
                --votes;
            element content;
            if (message["content"].get(content) == simdjson::SUCCESS)
                votes += arrayVotes(content);
        }
    }
    return votes;
}

} // namespace

std::optional<RequestDialect> RouteExplainer::detectDialect(const QByteArray &json)
{
    simdjson::dom::parser parser;
    element root;
    const simdjson::padded_string padded(json.constData(), size_t(json.size()));
    object obj;
    if (parser.parse(padded).get(root) != simdjson::SUCCESS || root.get(obj) != simdjson::SUCCESS)
        return std::nullopt;
    return dialectVotes(obj) < 0 ? RequestDialect::OpenAIChat : RequestDialect::Anthropic;
}

QString RouteExplainer::dialectName(RequestDialect dialect)
{
    return dialect == RequestDialect::OpenAIChat ? tr("OpenAI Chat Completions") : tr("Anthropic Messages");
}

QString RouteExplainer::stepTitle(const QString &step)
{
    if (step == u"explicit")
        return tr("explicit target");
    if (step == u"slot")
        return tr("client key slot");
    if (step == u"scenario" || step.startsWith(u"scenario:"))
        return tr("scenario");
    if (step == u"prefix")
        return tr("prefix rule");
    if (step == u"listing")
        return tr("channel listing");
    if (step == u"default")
        return tr("default route");
    if (step == u"group")
        return tr("model group");
    return step;
}

RouteExplanation RouteExplainer::explain(const ConfigSnapshot &snapshot, const QString &input,
                                         qint64 clientKeyId, const RouterContext &context,
                                         std::optional<RequestDialect> dialect)
{
    RouteExplanation result;
    const QString trimmed = input.trimmed();
    if (trimmed.isEmpty()) {
        result.inputError = tr("Enter a model name or a JSON request.");
        result.text = result.inputError;
        return result;
    }

    if (trimmed.startsWith(u'{')) {
        result.isRequest = true;
        const QByteArray body = trimmed.toUtf8();
        simdjson::dom::parser parser;
        element root;
        object obj;
        const simdjson::padded_string padded(body.constData(), size_t(body.size()));
        if (const auto error = parser.parse(padded).get(root); error != simdjson::SUCCESS) {
            result.inputError =
                tr("Not valid JSON: %1").arg(QString::fromUtf8(simdjson::error_message(error)));
        } else if (root.get(obj) != simdjson::SUCCESS) {
            result.inputError = tr("The request must be a JSON object.");
        } else {
            result.dialect = dialect
                ? *dialect
                : (dialectVotes(obj) < 0 ? RequestDialect::OpenAIChat : RequestDialect::Anthropic);
            result.traits = RoutingTraits::read(root, *result.dialect);
            result.model = result.traits->model.trimmed();
            if (result.model.isEmpty())
                result.inputError = tr("The request has no \"model\".");
        }
    } else {
        // A model id has no whitespace: take the first word, so a pasted line with a comment works.
        result.model = trimmed.section(QRegularExpression(QStringLiteral("\\s+")), 0, 0);
    }
    result.inputOk = result.inputError.isEmpty();
    if (!result.inputOk) {
        result.text = result.inputError;
        return result;
    }

    const ClientKey *key = nullptr;
    for (const ClientKey &candidate : snapshot.config.clientKeys) {
        if (clientKeyId != 0 && candidate.id == clientKeyId)
            key = &candidate;
    }
    RouteRequest request {result.model, result.traits, key};
    result.decision = Router().resolve(snapshot, request, context);
    for (const RouteCandidate &route : std::as_const(result.decision.candidates)) {
        RouteExplanation::Candidate entry;
        entry.channel = route.channel ? route.channel->name : QString();
        entry.model = route.model;
        entry.provider = route.provider ? route.provider->name : QString();
        entry.group = route.group ? route.group->name : QString();
        entry.baseUrl = route.baseUrl;
        entry.breakerOpen = route.breakerOpen;
        if (route.group && route.cost.priceKnown)
            entry.costUsd = route.cost.usd;
        result.candidates.append(entry);
    }
    // The candidates' pointers point into snapshot, which the caller may drop.
    result.decision.candidates.clear();

    QStringList lines;
    lines.append(result.isRequest
                     ? tr("Request: %1, model %2").arg(dialectName(*result.dialect), result.model)
                     : tr("Model: %1").arg(result.model));
    if (key)
        lines.append(tr("Client key: %1").arg(key->name));
    if (result.traits) {
        const RoutingTraits &t = *result.traits;
        QStringList facts;
        if (t.inputTokens >= 0)
            facts.append(tr("~%1 input tokens").arg(t.inputTokens));
        if (t.maxTokens > 0)
            facts.append(tr("max_tokens %1").arg(t.maxTokens));
        if (t.tools)
            facts.append(tr("%n tool(s)", nullptr, t.toolCount));
        if (t.webSearch)
            facts.append(tr("web search"));
        if (t.images)
            facts.append(tr("%n image(s)", nullptr, t.imageCount));
        if (t.thinking())
            facts.append(t.effectiveEffort().isEmpty() ? tr("thinking")
                                                       : tr("thinking, effort %1").arg(t.effectiveEffort()));
        if (t.titleRequest)
            facts.append(tr("title request"));
        if (!facts.isEmpty())
            lines.append(tr("Facts: %1").arg(facts.join(QStringLiteral(", "))));
    }
    lines.append(QString());
    if (result.decision.ok) {
        QString step = stepTitle(result.decision.step);
        if (!result.decision.scenario.isEmpty())
            step += QStringLiteral(" (%1)").arg(result.decision.scenario);
        lines.append(tr("Decided by: %1: %2").arg(step, result.decision.reason));
    } else {
        lines.append(tr("No route: %1").arg(result.decision.error));
    }
    if (!result.decision.effortOverride.isEmpty())
        lines.append(tr("Effort override: %1").arg(result.decision.effortOverride));
    if (!result.decision.strategyNote.isEmpty())
        lines.append(tr("Strategy: %1").arg(result.decision.strategyNote));
    if (!result.candidates.isEmpty()) {
        lines.append(tr("Candidates, in the order they are tried:"));
        int index = 1;
        for (const RouteExplanation::Candidate &candidate : std::as_const(result.candidates)) {
            QString line = QStringLiteral("  %1. %2").arg(index++).arg(candidate.label());
            if (!candidate.group.isEmpty())
                line += QStringLiteral(" [%1]").arg(candidate.group);
            if (candidate.costUsd)
                line += QStringLiteral(" ~$%1").arg(*candidate.costUsd, 0, 'f', 6);
            if (candidate.breakerOpen)
                line += QStringLiteral(" ") + tr("(breaker open)");
            lines.append(line);
        }
    }
    lines.append(QString());
    lines.append(tr("Trace:"));
    for (const RouteTraceStep &step : std::as_const(result.decision.trace))
        lines.append(QStringLiteral("  %1 %2: %3")
                         .arg(step.matched ? QLatin1Char('+') : QLatin1Char('-'))
                         .arg(step.step, step.detail));
    result.text = lines.join(u'\n');
    return result;
}

} // namespace Switchyard
