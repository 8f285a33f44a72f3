#pragma once

// "Try a route" (issue 5, Routing page): runs the proxy's Router over a model name or a whole JSON
// request against a config snapshot, without sending anything, and explains the decision: the
// candidates in the order they would be tried, the deciding step and the full trace with reasons.
//
// Input: a bare model id ("claude-haiku-4-5", "main,gpt-4o", "auto:fast"), or a JSON request body.
// The dialect of a body comes from its shape (Anthropic Messages or OpenAI Chat Completions, see
// detectDialect()); the body is read with simdjson and RoutingTraits::read exactly as the engine
// reads it, so scenarios and capability filters see the same facts a real request would.

#include "configtypes.h"
#include "requesttraits.h"
#include "router.h"

#include <QCoreApplication>
#include <QList>
#include <QString>

#include <optional>

namespace Switchyard {

struct RouteExplanation
{
    struct Candidate
    {
        QString channel;
        QString model; // upstream model id
        QString provider;
        QString group; // empty unless it came from a model group
        QString baseUrl;
        bool breakerOpen = false;
        std::optional<double> costUsd; // estimated for this request; nullopt = unknown price

        QString label() const { return channel + u',' + model; }
    };

    bool inputOk = false; // false: the text could not be read (inputError says why); nothing routed
    QString inputError;
    bool isRequest = false; // a JSON body (true) or a bare model id (false)
    std::optional<RequestDialect> dialect; // of a body
    QString model; // the model asked for
    std::optional<RoutingTraits> traits; // of a body

    RouteDecision decision; // its pointers are not kept valid: use candidates instead
    QList<Candidate> candidates; // in try order
    QString text; // everything above, formatted for a read-only text box

    bool routed() const { return inputOk && decision.ok; }
};

class RouteExplainer
{
    Q_DECLARE_TR_FUNCTIONS(Switchyard::RouteExplainer)

public:
    // clientKeyId names a ClientKey of the snapshot (its slot map applies); 0 = no key. context
    // may carry live state (breakers, health); the default is neutral. dialect forces how a JSON
    // body is read; nullopt = from its shape.
    static RouteExplanation explain(const ConfigSnapshot &snapshot, const QString &input,
                                    qint64 clientKeyId = 0, const RouterContext &context = {},
                                    std::optional<RequestDialect> dialect = std::nullopt);

    // Anthropic Messages or OpenAI Chat Completions, from fields only one of them uses (top-level
    // "system"/"thinking"/"output_config" vs "reasoning_effort"/"response_format"/
    // "max_completion_tokens", message roles "system"/"tool"/"developer", block types tool_use /
    // tool_result / image vs image_url / function tools). Anthropic when nothing tells, because
    // Claude Code is the main client. nullopt when json is not a JSON object.
    static std::optional<RequestDialect> detectDialect(const QByteArray &json);

    static QString dialectName(RequestDialect dialect);
    // The translated name of a resolution step ("explicit", "scenario", ...).
    static QString stepTitle(const QString &step);
};

} // namespace Switchyard
