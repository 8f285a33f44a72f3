#include "requesttraits.h"

#include "codecjson.h"
#include "tokencounter.h"

#include <array>

namespace Switchyard {

using namespace CodecJson;

namespace {

constexpr std::array<const char *, 7> EffortLevels = {"none", "minimal", "low", "medium",
                                                      "high", "xhigh",   "max"};

// Blocks nest one level (tool_result content); the limit only guards against hostile bodies.
constexpr int MaxContentDepth = 4;

QString toQString(std::string_view text)
{
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

bool startsWith(std::string_view text, std::string_view prefix)
{
    return text.substr(0, prefix.size()) == prefix;
}

int countImages(const Element &content, int depth)
{
    if (!content.is_array() || depth > MaxContentDepth)
        return 0;
    int images = 0;
    for (const Element block : content.get_array()) {
        if (!block.is_object())
            continue;
        const std::string_view type = stringOr(block, "type");
        if (type == "image" || type == "image_url" || type == "input_image") {
            ++images;
            continue;
        }
        if (const auto nested = present(block, "content"))
            images += countImages(*nested, depth + 1);
    }
    return images;
}

void readTools(const Element &root, RequestDialect dialect, RoutingTraits &traits)
{
    if (const auto tools = present(root, "tools"); tools && tools->is_array()) {
        for (const Element tool : tools->get_array()) {
            ++traits.toolCount;
            if (tool.is_object() && startsWith(stringOr(tool, "type"), "web_search"))
                traits.webSearch = true;
        }
    }
    if (dialect == RequestDialect::OpenAIChat) {
        // Legacy function calling.
        if (const auto functions = present(root, "functions"); functions && functions->is_array())
            traits.toolCount += int(functions->get_array().size());
        if (present(root, "web_search_options"))
            traits.webSearch = true;
    }
    traits.tools = traits.toolCount > 0;
}

// {"type":"enabled"|"adaptive"|"disabled", "budget_tokens":N}; Anthropic's shape, also sent by
// some OpenAI-compatible vendors.
void readThinkingObject(const Element &root, RoutingTraits &traits)
{
    const auto thinking = present(root, "thinking");
    if (!thinking || !thinking->is_object())
        return;
    const std::string_view type = stringOr(*thinking, "type");
    if (type == "enabled") {
        traits.thinkingMode = ThinkingMode::Enabled;
        if (Element budget; member(*thinking, "budget_tokens", &budget) && isNumber(budget))
            traits.thinkingBudget = std::max<qint64>(0, toInt64(budget));
    } else if (type == "adaptive") {
        traits.thinkingMode = ThinkingMode::Adaptive;
    } else if (type == "disabled") {
        traits.thinkingMode = ThinkingMode::Disabled;
    }
}

std::optional<std::string_view> effortOf(const Element &object, std::string_view container)
{
    const auto config = present(object, container);
    if (!config || !config->is_object())
        return std::nullopt;
    return stringMember(*config, "effort");
}

void readAnthropicThinking(const Element &root, RoutingTraits &traits)
{
    readThinkingObject(root, traits);
    std::optional<std::string_view> effort = effortOf(root, "output_config");
    if (!effort) {
        // Per-turn control: a message may carry its own output_config; the latest one applies.
        if (const auto messages = present(root, "messages"); messages && messages->is_array()) {
            for (const Element message : messages->get_array()) {
                if (message.is_object()) {
                    if (const auto perTurn = effortOf(message, "output_config"))
                        effort = perTurn;
                }
            }
        }
    }
    if (effort)
        traits.effort = toQString(*effort).toLower();
}

void readOpenAIThinking(const Element &root, RoutingTraits &traits)
{
    readThinkingObject(root, traits);
    std::optional<std::string_view> effort = stringMember(root, "reasoning_effort");
    if (!effort)
        effort = effortOf(root, "reasoning"); // OpenRouter / Responses style
    if (effort)
        traits.effort = toQString(*effort).toLower();
    if (traits.thinkingMode == ThinkingMode::None) {
        if (effort)
            traits.thinkingMode =
                Traits::effortRank(traits.effort) == 0 ? ThinkingMode::Disabled : ThinkingMode::Enabled;
        else if (Element flag; member(root, "enable_thinking", &flag) && flag.is_bool()) // Qwen
            traits.thinkingMode = bool(flag) ? ThinkingMode::Enabled : ThinkingMode::Disabled;
    }
}

bool schemaAsksForTitle(const Element &schema)
{
    const auto properties = present(schema, "properties");
    Element title;
    return properties && properties->is_object() && member(*properties, "title", &title);
}

// Anthropic output_config.format {"type":"json_schema","schema":{...}}; OpenAI response_format
// {"type":"json_schema","json_schema":{"name":..,"schema":{...}}}.
bool asksForJsonTitle(const Element &root, RequestDialect dialect)
{
    if (dialect == RequestDialect::Anthropic) {
        const auto config = present(root, "output_config");
        if (!config || !config->is_object())
            return false;
        const auto format = present(*config, "format");
        if (!format || !format->is_object() || stringOr(*format, "type") != "json_schema")
            return false;
        const auto schema = present(*format, "schema");
        return schema && schema->is_object() && schemaAsksForTitle(*schema);
    }
    const auto format = present(root, "response_format");
    if (!format || !format->is_object() || stringOr(*format, "type") != "json_schema")
        return false;
    const auto spec = present(*format, "json_schema");
    if (!spec || !spec->is_object())
        return false;
    const auto schema = present(*spec, "schema");
    return schema && schema->is_object() && schemaAsksForTitle(*schema);
}

} // namespace

namespace Traits {

int effortRank(QStringView effort)
{
    const QString lower = effort.trimmed().toString().toLower();
    for (size_t i = 0; i < EffortLevels.size(); ++i) {
        if (lower == QLatin1String(EffortLevels[i]))
            return int(i);
    }
    return -1;
}

bool isSmallModel(QStringView model)
{
    return model.contains(u"haiku", Qt::CaseInsensitive);
}

} // namespace Traits

QString RoutingTraits::effectiveEffort() const
{
    if (!thinking())
        return {};
    if (!effort.isEmpty())
        return effort;
    return thinkingMode == ThinkingMode::Adaptive ? QStringLiteral("high") : QString();
}

RequestTraits RoutingTraits::capabilityTraits() const
{
    RequestTraits request;
    request.tools = tools;
    request.images = images;
    request.thinking = thinking();
    request.inputTokens = std::max<qint64>(0, inputTokens);
    request.maxTokens = maxTokens;
    return request;
}

RoutingTraits RoutingTraits::fromModel(const QString &model)
{
    RoutingTraits traits;
    traits.model = model;
    traits.smallModel = Traits::isSmallModel(model);
    return traits;
}

RoutingTraits RoutingTraits::read(const simdjson::dom::element &body, RequestDialect dialect,
                                  bool countTokens)
{
    RoutingTraits traits;
    if (!body.is_object())
        return traits;
    traits = fromModel(toQString(stringOr(body, "model")));
    readTools(body, dialect, traits);

    Element value;
    if (dialect == RequestDialect::OpenAIChat && member(body, "max_completion_tokens", &value)
        && isNumber(value))
        traits.maxTokens = std::max<qint64>(0, toInt64(value));
    else if (member(body, "max_tokens", &value) && isNumber(value))
        traits.maxTokens = std::max<qint64>(0, toInt64(value));

    if (dialect == RequestDialect::Anthropic)
        readAnthropicThinking(body, traits);
    else
        readOpenAIThinking(body, traits);
    if (traits.thinkingMode == ThinkingMode::Disabled)
        traits.effort.clear(); // protocols 2.5: disabled thinking wins over an effort setting

    if (const auto messages = present(body, "messages"); messages && messages->is_array()) {
        for (const Element message : messages->get_array()) {
            if (const auto content = message.is_object() ? present(message, "content") : std::nullopt)
                traits.imageCount += countImages(*content, 0);
        }
    }
    traits.images = traits.imageCount > 0;
    traits.titleRequest = !traits.tools && asksForJsonTitle(body, dialect);

    if (countTokens) {
        traits.inputTokens = dialect == RequestDialect::Anthropic ? TokenCounter::countAnthropicRequest(body)
                                                                  : TokenCounter::countOpenAIRequest(body);
    }
    return traits;
}

std::optional<RoutingTraits> RoutingTraits::read(const QByteArray &body, RequestDialect dialect,
                                                 bool countTokens)
{
    simdjson::dom::parser parser;
    simdjson::dom::element root;
    const simdjson::padded_string padded(body.constData(), size_t(body.size()));
    if (parser.parse(padded).get(root) != simdjson::SUCCESS || !root.is_object())
        return std::nullopt;
    return read(root, dialect, countTokens);
}

} // namespace Switchyard
