#include "configjson.h"

#include "configfields.h"
#include "secretstore.h"
#include "urlpolicy.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSet>
#include <QUrl>

#include <cmath>
#include <limits>

namespace Switchyard::ConfigJson {

namespace {

// Field names the format uses, so a typo in the parser and the exporter cannot drift apart.
namespace Field = ConfigField;

const QString ScenarioKind = QStringLiteral("scenario");
const QString PrefixKind = QStringLiteral("prefix");
const QString DefaultStrategy = QStringLiteral("priority");
const QString ChannelKeyKind = QStringLiteral("channel-key");
// Settings under this prefix decide where keys are kept (e.g. secrets/insecureFile, the opt-in to
// the plaintext fallback). A shared config file must not be able to flip them, so they are neither
// imported nor exported.
const QString ProtectedSettingsPrefix = QStringLiteral("secrets/");

QString child(const QString &path, QLatin1StringView field)
{
    return path.isEmpty() ? QString(field) : path + u'.' + field;
}

QString child(const QString &path, const QString &field)
{
    return path.isEmpty() ? field : path + u'.' + field;
}

QString index(const QString &path, qsizetype i)
{
    return path + u'[' + QString::number(i) + u']';
}

QString quoted(const QString &text)
{
    return u'"' + text + u'"';
}

bool isInteger(double value)
{
    return std::isfinite(value) && std::trunc(value) == value;
}

// "$NAME" or "${NAME}": the key is read from the environment at import time.
const QRegularExpression &envReferencePattern()
{
    static const QRegularExpression pattern(
        QStringLiteral("^\\$(?:([A-Za-z_][A-Za-z0-9_]*)|\\{([A-Za-z_][A-Za-z0-9_]*)\\})$"));
    return pattern;
}

const QRegularExpression &strategyPattern()
{
    static const QRegularExpression pattern(QStringLiteral("^[a-z][a-z0-9-]*$"));
    return pattern;
}

// Validates a document and turns it into value types. The first problem found ends the parse: one
// precise message is more useful than a cascade of follow-up errors.
// The first entry of list whose nameOf() is name, or null: entity names are unique within a kind.
template<typename T, typename NameOf>
const T *findNamed(const QList<T> &list, const QString &name, NameOf nameOf)
{
    for (const T &item : list) {
        if (nameOf(item) == name)
            return &item;
    }
    return nullptr;
}

class Parser
{
    Q_DECLARE_TR_FUNCTIONS(ConfigJson)

public:
    Parser(const ConfigData &current, const QProcessEnvironment &env)
        : m_current(current)
        , m_env(env)
    {
    }

    std::optional<Document> run(const QByteArray &json, QString *error);

private:
    enum class Json
    {
        String,
        Number,
        Bool,
        Object,
        Array,
    };

    bool fail(const QString &path, const QString &reason)
    {
        if (m_error.isEmpty())
            m_error = path.isEmpty() ? reason : path + QStringLiteral(": ") + reason;
        return false;
    }

    static QString typeName(const QJsonValue &value);
    static QString typeName(Json type);
    bool expect(const QJsonValue &value, Json type, const QString &path);
    bool checkFields(const QJsonObject &object, const QString &path,
                     std::initializer_list<QLatin1StringView> allowed);
    // The start of every entity: value must be an object (*object) with no fields but allowed ones.
    bool readEntity(const QJsonValue &value, const QString &path,
                    std::initializer_list<QLatin1StringView> allowed, QJsonObject *object);
    // readEntity() of an entity with a required "name" (providers, channels, groups, client keys).
    bool readNamedEntity(const QJsonValue &value, const QString &path,
                         std::initializer_list<QLatin1StringView> allowed, QJsonObject *object, QString *name)
    {
        return readEntity(value, path, allowed, object) && readName(*object, path, name);
    }

    // What every optional-field reader shares: an absent field is left alone, a value of another
    // type fails with the field's path, and store(value) takes (and may still reject) the rest.
    template<typename Store>
    bool readField(const QJsonObject &object, const QString &path, QLatin1StringView field, Json type,
                   Store store)
    {
        const QJsonValue value = object.value(field);
        if (value.isUndefined())
            return true;
        return expect(value, type, child(path, field)) && store(value);
    }

    // Readers for optional fields: an absent field leaves *out unchanged; a present one must have
    // the right type and range.
    bool readString(const QJsonObject &object, const QString &path, QLatin1StringView field, QString *out,
                    bool required = false);
    bool readName(const QJsonObject &object, const QString &path, QString *out);
    bool readBool(const QJsonObject &object, const QString &path, QLatin1StringView field, bool *out);
    bool readInt(const QJsonObject &object, const QString &path, QLatin1StringView field, qint64 min,
                 qint64 max, qint64 *out);
    template<typename T>
    bool readInt(const QJsonObject &object, const QString &path, QLatin1StringView field, qint64 min,
                 qint64 max, T *out)
    {
        qint64 value = *out;
        if (!readInt(object, path, field, min, max, &value))
            return false;
        *out = T(value);
        return true;
    }
    bool readAmount(const QJsonObject &object, const QString &path, QLatin1StringView field, double *out);
    bool readStringList(const QJsonObject &object, const QString &path, QLatin1StringView field,
                        QStringList *out, bool unique);
    bool readObject(const QJsonObject &object, const QString &path, QLatin1StringView field,
                    QJsonObject *out);
    bool readArray(const QJsonObject &object, const QString &path, QLatin1StringView field, QJsonArray *out,
                   bool *present = nullptr);
    bool readUrl(const QJsonObject &object, const QString &path, QLatin1StringView field, QString *out,
                 const QStringList &schemes, bool required);
    // The upstream URL rules of proxy/urlpolicy.h (link-local, cloud metadata, credentials), so a
    // file is refused at import rather than every request failing later.
    bool checkUpstreamUrl(const QString &path, const QString &url, bool allowLinkLocal);

    bool parseProvider(const QJsonValue &value, const QString &path, Document *doc);
    bool parsePrices(const QJsonValue &value, const QString &path, QList<ModelPrice> *prices);
    bool parsePrice(const QJsonObject &object, const QString &path, ModelPrice *price);
    bool parseChannel(const QJsonValue &value, const QString &path, const QString &providerName,
                      Document *doc);
    bool parseKey(const QJsonValue &value, const QString &path, KeySpec *key);
    bool resolveKeyText(const QString &text, const QString &path, QByteArray *secret);
    bool parseGroup(const QJsonValue &value, const QString &path, Document *doc);
    bool parseRoutes(const QJsonValue &value, const QString &path, Document *doc);
    bool parseRules(const QJsonValue &value, const QString &path, Document *doc);
    bool parseSettings(const QJsonValue &value, const QString &path, Document *doc);
    bool parseClientKey(const QJsonValue &value, const QString &path, Document *doc);
    // Normalises a route target ("<channel>,<model>" or a group name) and checks what it names.
    bool checkTarget(const QString &path, QString *target);
    bool channelExists(const QString &name) const
    {
        return m_channelNames.contains(name) || m_current.channelByName(name);
    }
    bool storedKeyWithFingerprint(const QString &fingerprint) const;

    const ConfigData &m_current;
    const QProcessEnvironment &m_env;
    QString m_error;
    QSet<QString> m_channelNames;
    QSet<QString> m_groupNames;
};

QString Parser::typeName(Json type)
{
    switch (type) {
    case Json::String:
        return tr("a string");
    case Json::Number:
        return tr("a number");
    case Json::Bool:
        return tr("true or false");
    case Json::Object:
        return tr("an object");
    case Json::Array:
        return tr("an array");
    }
    return {};
}

QString Parser::typeName(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return typeName(Json::Bool);
    case QJsonValue::Double:
        return typeName(Json::Number);
    case QJsonValue::String:
        return typeName(Json::String);
    case QJsonValue::Array:
        return typeName(Json::Array);
    case QJsonValue::Object:
        return typeName(Json::Object);
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("undefined");
}

bool Parser::expect(const QJsonValue &value, Json type, const QString &path)
{
    const bool ok = (type == Json::String && value.isString()) || (type == Json::Number && value.isDouble())
        || (type == Json::Bool && value.isBool()) || (type == Json::Object && value.isObject())
        || (type == Json::Array && value.isArray());
    if (ok)
        return true;
    return fail(path, tr("expected %1, got %2").arg(typeName(type), typeName(value)));
}

bool Parser::checkFields(const QJsonObject &object, const QString &path,
                         std::initializer_list<QLatin1StringView> allowed)
{
    for (auto it = object.begin(); it != object.end(); ++it) {
        // Fields starting with "_" are comments.
        if (it.key().startsWith(u'_'))
            continue;
        if (std::find(allowed.begin(), allowed.end(), it.key()) == allowed.end())
            return fail(child(path, it.key()), tr("unknown field"));
    }
    return true;
}

bool Parser::readEntity(const QJsonValue &value, const QString &path,
                        std::initializer_list<QLatin1StringView> allowed, QJsonObject *object)
{
    if (!expect(value, Json::Object, path))
        return false;
    *object = value.toObject();
    return checkFields(*object, path, allowed);
}

bool Parser::readString(const QJsonObject &object, const QString &path, QLatin1StringView field, QString *out,
                        bool required)
{
    const QJsonValue value = object.value(field);
    if (value.isUndefined()) {
        if (required)
            return fail(child(path, field), tr("is required"));
        return true;
    }
    if (!expect(value, Json::String, child(path, field)))
        return false;
    *out = value.toString().trimmed();
    if (required && out->isEmpty())
        return fail(child(path, field), tr("must not be empty"));
    return true;
}

bool Parser::readName(const QJsonObject &object, const QString &path, QString *out)
{
    return readString(object, path, Field::Name, out, true);
}

bool Parser::readBool(const QJsonObject &object, const QString &path, QLatin1StringView field, bool *out)
{
    return readField(object, path, field, Json::Bool, [out](const QJsonValue &value) {
        *out = value.toBool();
        return true;
    });
}

bool Parser::readInt(const QJsonObject &object, const QString &path, QLatin1StringView field, qint64 min,
                     qint64 max, qint64 *out)
{
    return readField(object, path, field, Json::Number, [&](const QJsonValue &value) {
        const double number = value.toDouble();
        if (!isInteger(number))
            return fail(child(path, field), tr("expected a whole number, got %1").arg(number));
        if (number < double(min) || number > double(max))
            return fail(child(path, field),
                        tr("%1 is out of range (%2 to %3)").arg(number).arg(min).arg(max));
        *out = value.toInteger();
        return true;
    });
}

bool Parser::readAmount(const QJsonObject &object, const QString &path, QLatin1StringView field, double *out)
{
    return readField(object, path, field, Json::Number, [&](const QJsonValue &value) {
        const double number = value.toDouble();
        if (!std::isfinite(number) || number < 0)
            return fail(child(path, field), tr("must be zero or a positive number, got %1").arg(number));
        *out = number;
        return true;
    });
}

bool Parser::readStringList(const QJsonObject &object, const QString &path, QLatin1StringView field,
                            QStringList *out, bool unique)
{
    QJsonArray array;
    bool present = false;
    if (!readArray(object, path, field, &array, &present))
        return false;
    if (!present)
        return true;
    QStringList list;
    const QString listPath = child(path, field);
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString itemPath = index(listPath, i);
        if (!expect(array.at(i), Json::String, itemPath))
            return false;
        const QString text = array.at(i).toString().trimmed();
        if (text.isEmpty())
            return fail(itemPath, tr("must not be empty"));
        if (unique && list.contains(text))
            return fail(itemPath, tr("%1 is listed twice").arg(quoted(text)));
        list << text;
    }
    *out = list;
    return true;
}

bool Parser::readObject(const QJsonObject &object, const QString &path, QLatin1StringView field,
                        QJsonObject *out)
{
    return readField(object, path, field, Json::Object, [out](const QJsonValue &value) {
        *out = value.toObject();
        return true;
    });
}

bool Parser::readArray(const QJsonObject &object, const QString &path, QLatin1StringView field,
                       QJsonArray *out, bool *present)
{
    if (present)
        *present = object.contains(field);
    return readField(object, path, field, Json::Array, [out](const QJsonValue &value) {
        *out = value.toArray();
        return true;
    });
}

bool Parser::readUrl(const QJsonObject &object, const QString &path, QLatin1StringView field, QString *out,
                     const QStringList &schemes, bool required)
{
    QString text;
    if (!readString(object, path, field, &text, required))
        return false;
    if (text.isEmpty()) {
        *out = text;
        return true;
    }
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid() || !schemes.contains(url.scheme().toLower()) || url.host().isEmpty()) {
        const QString expected = schemes.size() == 2
            ? tr("an %1 or %2 URL").arg(schemes.at(0), schemes.at(1))
            : tr("a URL with scheme %1").arg(schemes.join(QStringLiteral(", ")));
        return fail(child(path, field), tr("%1 is not %2").arg(quoted(text), expected));
    }
    *out = text;
    return true;
}

bool Parser::checkUpstreamUrl(const QString &path, const QString &text, bool allowLinkLocal)
{
    if (text.isEmpty())
        return true;
    const QUrl url(text, QUrl::StrictMode);
    const QString shown = quoted(url.toString(QUrl::RemoveUserInfo));
    const QString allowHint = tr("set \"%1\": true in the options of the channel or provider to allow it")
                                  .arg(UrlPolicy::allowLinkLocalOption);
    switch (UrlPolicy::checkUrl(url, allowLinkLocal)) {
    case UrlPolicy::Verdict::Ok:
        return true;
    case UrlPolicy::Verdict::InvalidUrl:
    case UrlPolicy::Verdict::UnsupportedScheme:
    case UrlPolicy::Verdict::NoHost:
        return fail(path, tr("%1 is not an http or https URL").arg(shown));
    case UrlPolicy::Verdict::UserInfo:
        return fail(path,
                    tr("%1 must not contain a user name or password; put keys under \"keys\"").arg(shown));
    case UrlPolicy::Verdict::Unspecified:
        return fail(path, tr("%1 points at the unspecified address, which is not a destination").arg(shown));
    case UrlPolicy::Verdict::LinkLocal:
        return fail(path,
                    tr("%1 is a link-local address (169.254.0.0/16, fe80::/10); %2").arg(shown, allowHint));
    case UrlPolicy::Verdict::CloudMetadata:
        return fail(path, tr("%1 is a cloud metadata endpoint; %2").arg(shown, allowHint));
    }
    return true;
}

std::optional<Document> Parser::run(const QByteArray &json, QString *error)
{
    const auto finish = [&]() -> std::optional<Document> {
        if (error)
            *error = m_error;
        return std::nullopt;
    };

    QJsonParseError parseError;
    const QJsonDocument jsonDoc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        // QJsonParseError only gives a byte offset; people look for lines.
        const QByteArray before = json.left(parseError.offset);
        const qsizetype line = before.count('\n') + 1;
        const qsizetype column = parseError.offset - (before.lastIndexOf('\n') + 1) + 1;
        fail(QString(),
             tr("syntax error at line %1, column %2 (offset %3): %4")
                 .arg(line)
                 .arg(column)
                 .arg(parseError.offset)
                 .arg(parseError.errorString()));
        return finish();
    }
    if (!jsonDoc.isObject()) {
        fail(QString(), tr("the configuration must be a JSON object"));
        return finish();
    }
    const QJsonObject root = jsonDoc.object();
    if (!checkFields(root, QString(),
                     {Field::Version, Field::Providers, Field::ModelGroups, Field::Routes, Field::Rules,
                      Field::Settings, Field::ClientKeys}))
        return finish();

    qint64 version = FormatVersion;
    if (!readInt(root, QString(), Field::Version, 1, std::numeric_limits<int>::max(), &version))
        return finish();
    if (version > FormatVersion) {
        fail(QString(Field::Version),
             tr("format version %1 is newer than this Switchyard understands (%2)")
                 .arg(version)
                 .arg(FormatVersion));
        return finish();
    }

    Document doc;
    QJsonArray providers;
    QJsonArray groups;
    QJsonArray clientKeys;
    if (!readArray(root, QString(), Field::Providers, &providers)
        || !readArray(root, QString(), Field::ModelGroups, &groups)
        || !readArray(root, QString(), Field::ClientKeys, &clientKeys))
        return finish();

    // Names first, so routes and group members may refer to channels and groups defined later in
    // the file. Their shapes are checked properly when each entry is parsed.
    for (const QJsonValue &provider : std::as_const(providers)) {
        const QJsonArray channels = provider.toObject().value(Field::Channels).toArray();
        for (const QJsonValue &channel : channels)
            m_channelNames.insert(channel.toObject().value(Field::Name).toString().trimmed());
    }
    for (const QJsonValue &group : std::as_const(groups))
        m_groupNames.insert(group.toObject().value(Field::Name).toString().trimmed());

    const QString providersPath(Field::Providers);
    for (qsizetype i = 0; i < providers.size(); ++i) {
        if (!parseProvider(providers.at(i), index(providersPath, i), &doc))
            return finish();
    }
    const QString groupsPath(Field::ModelGroups);
    for (qsizetype i = 0; i < groups.size(); ++i) {
        if (!parseGroup(groups.at(i), index(groupsPath, i), &doc))
            return finish();
    }
    if (root.contains(Field::Routes) && !parseRoutes(root.value(Field::Routes), QString(Field::Routes), &doc))
        return finish();
    if (root.contains(Field::Rules) && !parseRules(root.value(Field::Rules), QString(Field::Rules), &doc))
        return finish();
    if (root.contains(Field::Settings)
        && !parseSettings(root.value(Field::Settings), QString(Field::Settings), &doc))
        return finish();
    const QString clientKeysPath(Field::ClientKeys);
    for (qsizetype i = 0; i < clientKeys.size(); ++i) {
        if (!parseClientKey(clientKeys.at(i), index(clientKeysPath, i), &doc))
            return finish();
    }
    if (error)
        error->clear();
    return doc;
}

bool Parser::parseProvider(const QJsonValue &value, const QString &path, Document *doc)
{
    QJsonObject object;
    Provider provider;
    if (!readNamedEntity(value, path,
                         {Field::Name, Field::Protocol, Field::BaseUrl, Field::Capabilities, Field::Prices,
                          Field::Options, Field::Enabled, Field::Channels},
                         &object, &provider.name))
        return false;
    if (findNamed(doc->providers, provider.name, [](const Provider &p) { return p.name; }))
        return fail(child(path, Field::Name), tr("duplicate provider name %1").arg(quoted(provider.name)));
    QString protocolText;
    if (!readString(object, path, Field::Protocol, &protocolText, true))
        return false;
    const std::optional<Protocol> protocol = protocolFromString(protocolText);
    if (!protocol)
        return fail(child(path, Field::Protocol),
                    tr("unknown protocol %1 (expected anthropic, openai, gemini or responses)")
                        .arg(quoted(protocolText)));
    provider.protocol = *protocol;
    if (!readUrl(object, path, Field::BaseUrl, &provider.baseUrl,
                 {QStringLiteral("http"), QStringLiteral("https")}, true)
        || !readStringList(object, path, Field::Capabilities, &provider.capabilities, true)
        || !readObject(object, path, Field::Options, &provider.options)
        || !readBool(object, path, Field::Enabled, &provider.enabled)
        || !checkUpstreamUrl(child(path, Field::BaseUrl), provider.baseUrl,
                             UrlPolicy::allowsLinkLocal({}, provider.options)))
        return false;
    if (object.contains(Field::Prices)
        && !parsePrices(object.value(Field::Prices), child(path, Field::Prices), &provider.prices))
        return false;
    doc->providers.append(provider);

    QJsonArray channels;
    if (!readArray(object, path, Field::Channels, &channels))
        return false;
    const QString channelsPath = child(path, Field::Channels);
    for (qsizetype i = 0; i < channels.size(); ++i) {
        if (!parseChannel(channels.at(i), index(channelsPath, i), provider.name, doc))
            return false;
    }
    return true;
}

bool Parser::parsePrices(const QJsonValue &value, const QString &path, QList<ModelPrice> *prices)
{
    // The canonical form is an array (order matters when globs overlap); an object keyed by model is
    // accepted for hand-written files.
    QList<ModelPrice> parsed;
    if (value.isArray()) {
        const QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i) {
            const QString itemPath = index(path, i);
            QJsonObject object;
            ModelPrice price;
            if (!readEntity(array.at(i), itemPath,
                            {Field::Model, Field::Input, Field::Output, Field::CacheRead, Field::CacheWrite},
                            &object)
                || !readString(object, itemPath, Field::Model, &price.model, true)
                || !parsePrice(object, itemPath, &price))
                return false;
            parsed.append(price);
        }
    } else if (value.isObject()) {
        const QJsonObject byModel = value.toObject();
        for (auto it = byModel.begin(); it != byModel.end(); ++it) {
            const QString itemPath = child(path, it.key());
            if (!expect(it.value(), Json::Object, itemPath))
                return false;
            ModelPrice price;
            price.model = it.key().trimmed();
            const QJsonObject object = it.value().toObject();
            if (price.model.isEmpty())
                return fail(itemPath, tr("the model name must not be empty"));
            if (!checkFields(object, itemPath,
                             {Field::Input, Field::Output, Field::CacheRead, Field::CacheWrite})
                || !parsePrice(object, itemPath, &price))
                return false;
            parsed.append(price);
        }
    } else {
        return fail(path, tr("expected an array or an object, got %1").arg(typeName(value)));
    }
    for (qsizetype i = 0; i < parsed.size(); ++i) {
        for (qsizetype j = 0; j < i; ++j) {
            if (parsed.at(i).model == parsed.at(j).model)
                return fail(value.isArray() ? index(path, i) : child(path, parsed.at(i).model),
                            tr("duplicate price for model %1").arg(quoted(parsed.at(i).model)));
        }
    }
    *prices = parsed;
    return true;
}

bool Parser::parsePrice(const QJsonObject &object, const QString &path, ModelPrice *price)
{
    return readAmount(object, path, Field::Input, &price->inputPerMTok)
        && readAmount(object, path, Field::Output, &price->outputPerMTok)
        && readAmount(object, path, Field::CacheRead, &price->cacheReadPerMTok)
        && readAmount(object, path, Field::CacheWrite, &price->cacheWritePerMTok);
}

bool Parser::parseChannel(const QJsonValue &value, const QString &path, const QString &providerName,
                          Document *doc)
{
    QJsonObject object;
    ChannelSpec spec;
    spec.path = path;
    spec.providerName = providerName;
    Channel &channel = spec.channel;
    if (!readNamedEntity(value, path,
                         {Field::Name, Field::BaseUrl, Field::Keys, Field::Models, Field::Priority,
                          Field::Weight, Field::Enabled, Field::DailyRequestQuota, Field::DailyBudget,
                          Field::Proxy, Field::Options},
                         &object, &channel.name))
        return false;
    // Route targets are "<channel>,<model>", so a comma would make the name ambiguous.
    if (channel.name.contains(u','))
        return fail(child(path, Field::Name), tr("a channel name must not contain a comma"));
    if (const ChannelSpec *other =
            findNamed(doc->channels, channel.name, [](const ChannelSpec &c) { return c.channel.name; }))
        return fail(child(path, Field::Name),
                    tr("duplicate channel name %1 (also in %2)").arg(quoted(channel.name), other->path));
    if (!readUrl(object, path, Field::BaseUrl, &channel.baseUrl,
                 {QStringLiteral("http"), QStringLiteral("https")}, false)
        || !readStringList(object, path, Field::Models, &channel.models, true)
        || !readInt(object, path, Field::Priority, std::numeric_limits<int>::min(),
                    std::numeric_limits<int>::max(), &channel.priority)
        || !readInt(object, path, Field::Weight, 0, 1000000, &channel.weight)
        || !readBool(object, path, Field::Enabled, &channel.enabled)
        || !readInt(object, path, Field::DailyRequestQuota, 0, std::numeric_limits<qint64>::max() / 2,
                    &channel.dailyRequestQuota)
        || !readAmount(object, path, Field::DailyBudget, &channel.dailyBudget)
        || !readObject(object, path, Field::Options, &channel.options))
        return false;
    const Provider *provider =
        findNamed(doc->providers, providerName, [](const Provider &p) { return p.name; });
    if (!checkUpstreamUrl(
            child(path, Field::BaseUrl), channel.baseUrl,
            UrlPolicy::allowsLinkLocal(channel.options, provider ? provider->options : QJsonObject())))
        return false;

    QString proxy;
    if (!readString(object, path, Field::Proxy, &proxy))
        return false;
    if (!proxy.isEmpty() && proxy != u"system" && proxy != u"none") {
        const QUrl url(proxy, QUrl::StrictMode);
        const QStringList schemes {QStringLiteral("http"), QStringLiteral("https"), QStringLiteral("socks5")};
        if (!url.isValid() || !schemes.contains(url.scheme().toLower()) || url.host().isEmpty())
            return fail(child(path, Field::Proxy),
                        tr("%1 is not \"system\", \"none\" or an http://, https:// or socks5:// URL")
                            .arg(quoted(proxy)));
    }
    channel.proxyUrl = proxy;

    QJsonArray keys;
    bool keysPresent = false;
    if (!readArray(object, path, Field::Keys, &keys, &keysPresent))
        return false;
    if (keysPresent) {
        QList<KeySpec> specs;
        const QString keysPath = child(path, Field::Keys);
        for (qsizetype i = 0; i < keys.size(); ++i) {
            KeySpec key;
            key.path = index(keysPath, i);
            if (!parseKey(keys.at(i), key.path, &key))
                return false;
            for (const KeySpec &other : std::as_const(specs)) {
                if (other.fingerprint == key.fingerprint)
                    return fail(key.path, tr("the same key is already listed at %1").arg(other.path));
            }
            specs.append(key);
        }
        spec.keys = specs;
    }
    doc->channels.append(spec);
    return true;
}

bool Parser::storedKeyWithFingerprint(const QString &fingerprint) const
{
    for (const Channel &channel : m_current.channels) {
        for (const ChannelKey &key : channel.keys) {
            if (key.fingerprint == fingerprint)
                return true;
        }
    }
    return false;
}

bool Parser::parseKey(const QJsonValue &value, const QString &path, KeySpec *key)
{
    if (value.isString()) {
        QByteArray secret;
        if (!resolveKeyText(value.toString(), path, &secret))
            return false;
        key->secret = secret;
        key->fingerprint = SecretStore::fingerprintFor(secret);
        return true;
    }
    if (!value.isObject())
        return fail(path, tr("expected a string or an object, got %1").arg(typeName(value)));

    const QJsonObject object = value.toObject();
    if (!checkFields(object, path,
                     {Field::Key, Field::Fingerprint, Field::Hint, Field::Weight, Field::Disabled,
                      Field::DisabledReason}))
        return false;
    if (!readInt(object, path, Field::Weight, 0, 1000000, &key->weight)
        || !readBool(object, path, Field::Disabled, &key->disabled)
        || !readString(object, path, Field::DisabledReason, &key->disabledReason))
        return false;
    QString fingerprint;
    if (!readString(object, path, Field::Fingerprint, &fingerprint))
        return false;
    fingerprint = fingerprint.toLower();
    // "hint" is informational (exports write it); it is never trusted on import.

    const QJsonValue keyValue = object.value(Field::Key);
    if (!keyValue.isUndefined()) {
        if (!expect(keyValue, Json::String, child(path, Field::Key)))
            return false;
        QByteArray secret;
        if (!resolveKeyText(keyValue.toString(), child(path, Field::Key), &secret))
            return false;
        key->secret = secret;
        key->fingerprint = SecretStore::fingerprintFor(secret);
        if (!fingerprint.isEmpty() && fingerprint != key->fingerprint)
            return fail(child(path, Field::Fingerprint), tr("does not match the key"));
        return true;
    }
    if (fingerprint.isEmpty())
        return fail(path,
                    tr("needs \"key\" (the key itself or \"$ENV_VAR\"), or the \"fingerprint\" of a "
                       "key stored earlier"));
    if (!storedKeyWithFingerprint(fingerprint))
        return fail(child(path, Field::Fingerprint),
                    tr("no stored key has fingerprint %1; give the key itself in \"key\"").arg(fingerprint));
    key->fingerprint = fingerprint;
    return true;
}

bool Parser::resolveKeyText(const QString &text, const QString &path, QByteArray *secret)
{
    QString material = text.trimmed();
    const QRegularExpressionMatch envMatch = envReferencePattern().match(material);
    if (envMatch.hasMatch()) {
        const QString name = envMatch.captured(1).isEmpty() ? envMatch.captured(2) : envMatch.captured(1);
        if (!m_env.contains(name))
            return fail(path, tr("environment variable %1 is not set").arg(name));
        material = m_env.value(name).trimmed();
        if (material.isEmpty())
            return fail(path, tr("environment variable %1 is empty").arg(name));
    }
    if (material.isEmpty())
        return fail(path, tr("the key is empty"));
    // Keys travel in HTTP headers. The message never repeats the key.
    for (const QChar c : std::as_const(material)) {
        if (c.unicode() < 0x21 || c.unicode() == 0x7f)
            return fail(path, tr("the key contains spaces or control characters"));
    }
    *secret = material.toUtf8();
    return true;
}

bool Parser::parseGroup(const QJsonValue &value, const QString &path, Document *doc)
{
    QJsonObject object;
    GroupSpec spec;
    ModelGroup &group = spec.group;
    if (!readNamedEntity(value, path,
                         {Field::Name, Field::Strategy, Field::Members, Field::DailyBudget,
                          Field::MaxCostPerRequest, Field::Enabled, Field::Options},
                         &object, &group.name))
        return false;
    if (group.name.contains(u','))
        return fail(child(path, Field::Name), tr("a model group name must not contain a comma"));
    if (findNamed(doc->groups, group.name, [](const GroupSpec &g) { return g.group.name; }))
        return fail(child(path, Field::Name), tr("duplicate model group name %1").arg(quoted(group.name)));
    group.strategy = DefaultStrategy;
    if (!readString(object, path, Field::Strategy, &group.strategy))
        return false;
    if (!strategyPattern().match(group.strategy).hasMatch())
        return fail(child(path, Field::Strategy),
                    tr("%1 is not a strategy name (lowercase letters, digits and dashes)")
                        .arg(quoted(group.strategy)));
    if (!readAmount(object, path, Field::DailyBudget, &group.dailyBudget)
        || !readAmount(object, path, Field::MaxCostPerRequest, &group.maxCostPerRequest)
        || !readBool(object, path, Field::Enabled, &group.enabled)
        || !readObject(object, path, Field::Options, &group.options))
        return false;

    QJsonArray members;
    if (!readArray(object, path, Field::Members, &members))
        return false;
    const QString membersPath = child(path, Field::Members);
    for (qsizetype i = 0; i < members.size(); ++i) {
        const QString memberPath = index(membersPath, i);
        QJsonObject memberObject;
        if (!readEntity(members.at(i), memberPath,
                        {Field::Channel, Field::Model, Field::Priority, Field::Weight, Field::Capabilities,
                         Field::ContextWindow, Field::Price},
                        &memberObject))
            return false;
        MemberSpec member;
        if (!readString(memberObject, memberPath, Field::Channel, &member.channelName, true)
            || !readString(memberObject, memberPath, Field::Model, &member.member.model, true))
            return false;
        if (!channelExists(member.channelName))
            return fail(child(memberPath, Field::Channel),
                        tr("unknown channel %1").arg(quoted(member.channelName)));
        for (const MemberSpec &other : std::as_const(spec.members)) {
            if (other.channelName == member.channelName && other.member.model == member.member.model)
                return fail(memberPath,
                            tr("channel %1 with model %2 is already a member")
                                .arg(quoted(member.channelName), quoted(member.member.model)));
        }
        if (!readInt(memberObject, memberPath, Field::Priority, std::numeric_limits<int>::min(),
                     std::numeric_limits<int>::max(), &member.member.priority)
            || !readInt(memberObject, memberPath, Field::Weight, 0, 1000000, &member.member.weight)
            || !readStringList(memberObject, memberPath, Field::Capabilities, &member.member.capabilities,
                               true)
            || !readInt(memberObject, memberPath, Field::ContextWindow, 0,
                        std::numeric_limits<qint64>::max() / 2, &member.member.contextWindow))
            return false;
        const QJsonValue priceValue = memberObject.value(Field::Price);
        if (!priceValue.isUndefined() && !priceValue.isNull()) {
            const QString pricePath = child(memberPath, Field::Price);
            QJsonObject priceObject;
            ModelPrice price;
            price.model = member.member.model;
            if (!readEntity(priceValue, pricePath,
                            {Field::Model, Field::Input, Field::Output, Field::CacheRead, Field::CacheWrite},
                            &priceObject)
                || !readString(priceObject, pricePath, Field::Model, &price.model)
                || !parsePrice(priceObject, pricePath, &price))
                return false;
            member.member.priceOverride = price;
        }
        spec.members.append(member);
    }
    doc->groups.append(spec);
    return true;
}

bool Parser::checkTarget(const QString &path, QString *target)
{
    const qsizetype comma = target->indexOf(u',');
    if (comma >= 0) {
        const QString channel = target->left(comma).trimmed();
        const QString model = target->mid(comma + 1).trimmed();
        if (channel.isEmpty() || model.isEmpty())
            return fail(
                path,
                tr("%1 is not \"<channel>,<model>\" or the name of a model group").arg(quoted(*target)));
        if (!channelExists(channel))
            return fail(path, tr("unknown channel %1").arg(quoted(channel)));
        *target = channel + u',' + model;
        return true;
    }
    if (target->isEmpty())
        return fail(path, tr("must not be empty"));
    if (!m_groupNames.contains(*target) && !m_current.groupByName(*target))
        return fail(path,
                    tr("unknown model group %1 (a target is \"<channel>,<model>\" or the name of a "
                       "model group)")
                        .arg(quoted(*target)));
    return true;
}

bool Parser::parseRoutes(const QJsonValue &value, const QString &path, Document *doc)
{
    if (!expect(value, Json::Object, path))
        return false;
    const QJsonObject routes = value.toObject();
    for (auto it = routes.begin(); it != routes.end(); ++it) {
        if (it.key().startsWith(u'_') || it.key() == Field::LongContextThreshold)
            continue;
        const QString routePath = child(path, it.key());
        const qsizetype position = scenarioNames().indexOf(it.key());
        if (position < 0)
            return fail(routePath,
                        tr("unknown scenario (expected %1)").arg(scenarioNames().join(QStringLiteral(", "))));
        RoutingRule rule;
        rule.kind = ScenarioKind;
        rule.match = it.key();
        rule.position = int(position);
        if (it.value().isString()) {
            rule.target = it.value().toString().trimmed();
        } else if (it.value().isObject()) {
            const QJsonObject object = it.value().toObject();
            if (!checkFields(object, routePath, {Field::Target, Field::Enabled, Field::Options})
                || !readString(object, routePath, Field::Target, &rule.target, true)
                || !readBool(object, routePath, Field::Enabled, &rule.enabled)
                || !readObject(object, routePath, Field::Options, &rule.options))
                return false;
        } else {
            return fail(routePath,
                        tr("expected a target string or an object, got %1").arg(typeName(it.value())));
        }
        const QString targetPath = it.value().isObject() ? child(routePath, Field::Target) : routePath;
        if (!checkTarget(targetPath, &rule.target))
            return false;
        doc->scenarioRules.append(rule);
    }

    qint64 threshold = 0;
    if (!readInt(routes, path, Field::LongContextThreshold, 1, std::numeric_limits<qint64>::max() / 2,
                 &threshold))
        return false;
    if (threshold > 0) {
        const auto isLongContext = [](const RoutingRule &rule) {
            return rule.kind == ScenarioKind && rule.match == Field::LongContext;
        };
        auto it = std::find_if(doc->scenarioRules.begin(), doc->scenarioRules.end(), isLongContext);
        if (it == doc->scenarioRules.end()) {
            // The threshold alone may tune a long-context route stored earlier.
            const auto stored = std::find_if(m_current.rules.begin(), m_current.rules.end(), isLongContext);
            if (stored == m_current.rules.end())
                return fail(child(path, Field::LongContextThreshold),
                            tr("there is no longContext route to apply it to"));
            doc->scenarioRules.append(*stored);
            it = doc->scenarioRules.end() - 1;
        }
        it->options.insert(Field::LongContextThreshold, threshold);
    }
    std::sort(doc->scenarioRules.begin(), doc->scenarioRules.end(),
              [](const RoutingRule &a, const RoutingRule &b) { return a.position < b.position; });
    return true;
}

bool Parser::parseRules(const QJsonValue &value, const QString &path, Document *doc)
{
    if (!expect(value, Json::Array, path))
        return false;
    const QJsonArray array = value.toArray();
    QList<RoutingRule> rules;
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString rulePath = index(path, i);
        QJsonObject object;
        RoutingRule rule;
        rule.kind = PrefixKind;
        rule.position = int(i);
        QString kind = PrefixKind;
        if (!readEntity(array.at(i), rulePath,
                        {Field::Kind, Field::Match, Field::Target, Field::Enabled, Field::Options}, &object)
            || !readString(object, rulePath, Field::Kind, &kind)
            || !readString(object, rulePath, Field::Match, &rule.match, true)
            || !readString(object, rulePath, Field::Target, &rule.target, true)
            || !readBool(object, rulePath, Field::Enabled, &rule.enabled)
            || !readObject(object, rulePath, Field::Options, &rule.options))
            return false;
        if (kind != PrefixKind)
            return fail(child(rulePath, Field::Kind),
                        tr("unknown rule kind %1 (only \"prefix\"; scenarios go under \"routes\")")
                            .arg(quoted(kind)));
        for (const RoutingRule &other : std::as_const(rules)) {
            if (other.match == rule.match)
                return fail(child(rulePath, Field::Match),
                            tr("duplicate rule for %1 (also at %2)")
                                .arg(quoted(rule.match), index(path, other.position)));
        }
        if (!checkTarget(child(rulePath, Field::Target), &rule.target))
            return false;
        rules.append(rule);
    }
    doc->prefixRules = rules;
    return true;
}

bool Parser::parseSettings(const QJsonValue &value, const QString &path, Document *doc)
{
    if (!expect(value, Json::Object, path))
        return false;
    const QJsonObject settings = value.toObject();
    for (auto it = settings.begin(); it != settings.end(); ++it) {
        const QJsonValue setting = it.value();
        if (!setting.isString() && !setting.isDouble() && !setting.isBool())
            return fail(child(path, it.key()),
                        tr("expected a string, a number or true/false, got %1").arg(typeName(setting)));
        if (it.key().trimmed().isEmpty())
            return fail(path, tr("a setting name must not be empty"));
        if (it.key().startsWith(ProtectedSettingsPrefix))
            return fail(child(path, it.key()),
                        tr("this setting can only be changed in Switchyard itself, not by a config file"));
        doc->settings.insert(it.key(), setting.toVariant());
    }
    return true;
}

bool Parser::parseClientKey(const QJsonValue &value, const QString &path, Document *doc)
{
    QJsonObject object;
    ClientKeySpec spec;
    spec.path = path;
    // prefix and createdAt are what an export writes; they describe the key and cannot be changed.
    if (!readNamedEntity(value, path,
                         {Field::Name, Field::Prefix, Field::CreatedAt, Field::ExpiresAt, Field::Disabled,
                          Field::DailyBudget, Field::AllowedModels, Field::SlotMap},
                         &object, &spec.name))
        return false;
    if (findNamed(doc->clientKeys, spec.name, [](const ClientKeySpec &k) { return k.name; }))
        return fail(child(path, Field::Name), tr("duplicate client key name %1").arg(quoted(spec.name)));
    const QJsonValue expires = object.value(Field::ExpiresAt);
    if (expires.isNull()) {
        spec.expiresAt = QDateTime();
    } else if (!expires.isUndefined()) {
        if (!expect(expires, Json::String, child(path, Field::ExpiresAt)))
            return false;
        const QDateTime when = QDateTime::fromString(expires.toString(), Qt::ISODateWithMs);
        if (!when.isValid())
            return fail(child(path, Field::ExpiresAt),
                        tr("%1 is not an ISO 8601 date and time").arg(quoted(expires.toString())));
        spec.expiresAt = when;
    }
    if (object.contains(Field::Disabled)) {
        bool disabled = false;
        if (!readBool(object, path, Field::Disabled, &disabled))
            return false;
        spec.disabled = disabled;
    }
    if (object.contains(Field::DailyBudget)) {
        double budget = 0;
        if (!readAmount(object, path, Field::DailyBudget, &budget))
            return false;
        spec.dailyBudget = budget;
    }
    if (object.contains(Field::AllowedModels)) {
        QStringList models;
        if (!readStringList(object, path, Field::AllowedModels, &models, true))
            return false;
        spec.allowedModels = models;
    }
    if (object.contains(Field::SlotMap)) {
        QJsonObject slotMap;
        if (!readObject(object, path, Field::SlotMap, &slotMap))
            return false;
        spec.slotMap = slotMap;
    }
    doc->clientKeys.append(spec);
    return true;
}

// ---- merge ----

template<typename T, typename Pred>
T *findMutable(QList<T> &list, Pred pred)
{
    for (T &item : list) {
        if (pred(item))
            return &item;
    }
    return nullptr;
}

// An imported entity replaces the stored one it matched (existing, from findMutable), or is added.
template<typename T>
void replaceOrAppend(QList<T> &list, T *existing, const T &merged)
{
    if (existing)
        *existing = merged;
    else
        list.append(merged);
}

QList<ChannelKey> mergeKeys(const Channel *stored, const QList<KeySpec> &specs, const ConfigData &current,
                            MergeResult *result)
{
    QList<ChannelKey> keys;
    for (const KeySpec &spec : specs) {
        ChannelKey key;
        const auto sameFingerprint = [&spec](const ChannelKey &k) {
            return k.fingerprint == spec.fingerprint;
        };
        const ChannelKey *match = nullptr;
        if (stored) {
            const auto it = std::find_if(stored->keys.begin(), stored->keys.end(), sameFingerprint);
            if (it != stored->keys.end())
                match = &*it;
        }
        if (match) {
            key = *match; // keeps id and secretRef
        } else if (!spec.secret) {
            // Named by fingerprint only, stored under another channel (the channel was renamed or
            // the key moved): share that secret rather than asking for the key again.
            for (const Channel &other : current.channels) {
                const auto it = std::find_if(other.keys.begin(), other.keys.end(), sameFingerprint);
                if (it != other.keys.end()) {
                    key.secretRef = it->secretRef;
                    key.hint = it->hint;
                    key.fingerprint = it->fingerprint;
                    break;
                }
            }
        }
        if (key.secretRef.isEmpty()) {
            // parse() guarantees that a key without material matched a stored one.
            Q_ASSERT(spec.secret);
            key.secretRef = SecretStore::newReference(ChannelKeyKind);
            key.hint = SecretStore::hintFor(*spec.secret);
            key.fingerprint = spec.fingerprint;
            result->newSecrets.append({key.secretRef, *spec.secret});
        } else if (spec.secret) {
            result->matchedSecrets.append({key.secretRef, *spec.secret});
        }
        key.weight = spec.weight;
        key.disabled = spec.disabled;
        key.disabledReason = spec.disabledReason;
        keys.append(key);
    }
    return keys;
}

QSet<QString> referencedSecrets(const ConfigData &config)
{
    QSet<QString> refs;
    for (const Channel &channel : config.channels) {
        for (const ChannelKey &key : channel.keys)
            refs.insert(key.secretRef);
    }
    return refs;
}

// ---- export ----

QJsonArray toArray(const QStringList &list)
{
    return QJsonArray::fromStringList(list);
}

void insertPrice(QJsonObject *object, const ModelPrice &price)
{
    object->insert(Field::Input, price.inputPerMTok);
    object->insert(Field::Output, price.outputPerMTok);
    object->insert(Field::CacheRead, price.cacheReadPerMTok);
    object->insert(Field::CacheWrite, price.cacheWritePerMTok);
}

QJsonValue keyToJson(const ChannelKey &key, const SecretLookup &secrets)
{
    const std::optional<QByteArray> secret = secrets ? secrets(key) : std::nullopt;
    QJsonObject object;
    if (secret) {
        // The plain-string form when nothing else needs saying.
        if (key.weight == 1 && !key.disabled && key.disabledReason.isEmpty())
            return QString::fromUtf8(*secret);
        object.insert(Field::Key, QString::fromUtf8(*secret));
    } else {
        object.insert(Field::Fingerprint, key.fingerprint);
        object.insert(Field::Hint, key.hint);
    }
    object.insert(Field::Weight, key.weight);
    if (key.disabled)
        object.insert(Field::Disabled, true);
    if (!key.disabledReason.isEmpty())
        object.insert(Field::DisabledReason, key.disabledReason);
    return object;
}

QJsonObject channelToJson(const Channel &channel, const SecretLookup &secrets)
{
    QJsonObject object;
    object.insert(Field::Name, channel.name);
    if (!channel.baseUrl.isEmpty())
        object.insert(Field::BaseUrl, channel.baseUrl);
    QJsonArray keys;
    for (const ChannelKey &key : channel.keys)
        keys.append(keyToJson(key, secrets));
    object.insert(Field::Keys, keys);
    object.insert(Field::Models, toArray(channel.models));
    object.insert(Field::Priority, channel.priority);
    object.insert(Field::Weight, channel.weight);
    object.insert(Field::Enabled, channel.enabled);
    object.insert(Field::DailyRequestQuota, channel.dailyRequestQuota);
    object.insert(Field::DailyBudget, channel.dailyBudget);
    object.insert(Field::Proxy, channel.proxyUrl);
    object.insert(Field::Options, channel.options);
    return object;
}

QJsonObject providerToJson(const Provider &provider, const ConfigData &config, const SecretLookup &secrets)
{
    QJsonObject object;
    object.insert(Field::Name, provider.name);
    object.insert(Field::Protocol, protocolToString(provider.protocol));
    object.insert(Field::BaseUrl, provider.baseUrl);
    object.insert(Field::Capabilities, toArray(provider.capabilities));
    QJsonArray prices;
    for (const ModelPrice &price : provider.prices) {
        QJsonObject priceObject;
        priceObject.insert(Field::Model, price.model);
        insertPrice(&priceObject, price);
        prices.append(priceObject);
    }
    object.insert(Field::Prices, prices);
    object.insert(Field::Enabled, provider.enabled);
    object.insert(Field::Options, provider.options);
    QJsonArray channels;
    for (const Channel &channel : config.channels) {
        if (channel.providerId == provider.id)
            channels.append(channelToJson(channel, secrets));
    }
    object.insert(Field::Channels, channels);
    return object;
}

QJsonObject groupToJson(const ModelGroup &group, const ConfigData &config)
{
    QJsonObject object;
    object.insert(Field::Name, group.name);
    object.insert(Field::Strategy, group.strategy);
    QJsonArray members;
    for (const GroupMember &member : group.members) {
        const Channel *channel = config.channelById(member.channelId);
        if (!channel)
            continue; // cannot happen with foreign keys; nothing sensible to name
        QJsonObject memberObject;
        memberObject.insert(Field::Channel, channel->name);
        memberObject.insert(Field::Model, member.model);
        memberObject.insert(Field::Priority, member.priority);
        memberObject.insert(Field::Weight, member.weight);
        memberObject.insert(Field::Capabilities, toArray(member.capabilities));
        memberObject.insert(Field::ContextWindow, member.contextWindow);
        if (member.priceOverride) {
            QJsonObject price;
            if (member.priceOverride->model != member.model)
                price.insert(Field::Model, member.priceOverride->model);
            insertPrice(&price, *member.priceOverride);
            memberObject.insert(Field::Price, price);
        }
        members.append(memberObject);
    }
    object.insert(Field::Members, members);
    object.insert(Field::DailyBudget, group.dailyBudget);
    object.insert(Field::MaxCostPerRequest, group.maxCostPerRequest);
    object.insert(Field::Enabled, group.enabled);
    object.insert(Field::Options, group.options);
    return object;
}

QJsonObject routesToJson(const QList<RoutingRule> &rules)
{
    QJsonObject routes;
    for (const RoutingRule &rule : rules) {
        if (rule.kind != ScenarioKind)
            continue;
        QJsonObject options = rule.options;
        if (rule.match == Field::LongContext && options.contains(Field::LongContextThreshold)) {
            routes.insert(Field::LongContextThreshold, options.take(Field::LongContextThreshold));
        }
        if (rule.enabled && options.isEmpty()) {
            routes.insert(rule.match, rule.target);
        } else {
            QJsonObject object;
            object.insert(Field::Target, rule.target);
            object.insert(Field::Enabled, rule.enabled);
            if (!options.isEmpty())
                object.insert(Field::Options, options);
            routes.insert(rule.match, object);
        }
    }
    return routes;
}

QJsonArray prefixRulesToJson(QList<RoutingRule> rules)
{
    std::stable_sort(rules.begin(), rules.end(),
                     [](const RoutingRule &a, const RoutingRule &b) { return a.position < b.position; });
    QJsonArray array;
    for (const RoutingRule &rule : std::as_const(rules)) {
        if (rule.kind != PrefixKind)
            continue;
        QJsonObject object;
        object.insert(Field::Match, rule.match);
        object.insert(Field::Target, rule.target);
        object.insert(Field::Enabled, rule.enabled);
        if (!rule.options.isEmpty())
            object.insert(Field::Options, rule.options);
        array.append(object);
    }
    return array;
}

QJsonValue dateToJson(const QDateTime &when)
{
    if (!when.isValid())
        return QJsonValue::Null;
    return when.toUTC().toString(Qt::ISODateWithMs);
}

QJsonObject clientKeyToJson(const ClientKey &key)
{
    // Metadata only: the hash identifies the key and stays in the database.
    QJsonObject object;
    object.insert(Field::Name, key.name);
    object.insert(Field::Prefix, key.prefix);
    object.insert(Field::CreatedAt, dateToJson(key.createdAt));
    object.insert(Field::ExpiresAt, dateToJson(key.expiresAt));
    object.insert(Field::Disabled, key.disabled);
    object.insert(Field::DailyBudget, key.dailyBudget);
    object.insert(Field::AllowedModels, toArray(key.allowedModels));
    object.insert(Field::SlotMap, key.slotMap);
    return object;
}

bool isScalarSetting(const QVariant &value)
{
    switch (value.typeId()) {
    case QMetaType::Bool:
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
    case QMetaType::Double:
    case QMetaType::QString:
        return true;
    default:
        return false;
    }
}

} // namespace

const QStringList &scenarioNames()
{
    static const QStringList names {QStringLiteral("default"),   QStringLiteral("background"),
                                    QStringLiteral("think"),     QStringLiteral("longContext"),
                                    QStringLiteral("webSearch"), QStringLiteral("image")};
    return names;
}

std::optional<Document> parse(const QByteArray &json, const ConfigData &current,
                              const QProcessEnvironment &env, QString *error)
{
    Parser parser(current, env);
    return parser.run(json, error);
}

MergeResult merge(const ConfigData &current, const Document &document)
{
    MergeResult result;
    result.config = current;
    ConfigData &out = result.config;

    // New providers and channels get provisional negative ids so the channels and group members
    // that refer to them can say which one; storing them replaces these with real ids.
    qint64 provisionalId = 0;

    for (const Provider &provider : document.providers) {
        Provider *existing =
            findMutable(out.providers, [&](const Provider &p) { return p.name == provider.name; });
        Provider merged = provider;
        merged.id = existing ? existing->id : --provisionalId;
        replaceOrAppend(out.providers, existing, merged);
    }

    for (const ChannelSpec &spec : document.channels) {
        Channel *existing =
            findMutable(out.channels, [&](const Channel &c) { return c.name == spec.channel.name; });
        const Channel *stored = current.channelByName(spec.channel.name);
        Channel merged = spec.channel;
        merged.id = existing ? existing->id : --provisionalId;
        merged.providerId = out.providerByName(spec.providerName)->id;
        if (spec.keys)
            merged.keys = mergeKeys(stored, *spec.keys, current, &result);
        else if (stored)
            merged.keys = stored->keys;
        replaceOrAppend(out.channels, existing, merged);
    }

    for (const GroupSpec &spec : document.groups) {
        ModelGroup *existing =
            findMutable(out.groups, [&](const ModelGroup &g) { return g.name == spec.group.name; });
        ModelGroup merged = spec.group;
        merged.id = existing ? existing->id : 0;
        for (const MemberSpec &memberSpec : spec.members) {
            GroupMember member = memberSpec.member;
            const Channel *channel = out.channelByName(memberSpec.channelName);
            Q_ASSERT(channel); // parse() checked that the channel exists
            member.channelId = channel->id;
            member.id = 0;
            if (existing && channel->id > 0) {
                for (const GroupMember &old : existing->members) {
                    if (old.channelId == channel->id && old.model == member.model)
                        member.id = old.id;
                }
            }
            merged.members.append(member);
        }
        replaceOrAppend(out.groups, existing, merged);
    }

    for (const RoutingRule &rule : document.scenarioRules) {
        RoutingRule *existing = findMutable(
            out.rules, [&](const RoutingRule &r) { return r.kind == ScenarioKind && r.match == rule.match; });
        RoutingRule merged = rule;
        merged.id = existing ? existing->id : 0;
        replaceOrAppend(out.rules, existing, merged);
    }

    if (document.prefixRules) {
        QList<RoutingRule> rules;
        for (const RoutingRule &rule : std::as_const(out.rules)) {
            if (rule.kind != PrefixKind)
                rules.append(rule);
        }
        for (const RoutingRule &rule : *document.prefixRules) {
            RoutingRule merged = rule;
            const auto old =
                std::find_if(current.rules.begin(), current.rules.end(), [&](const RoutingRule &r) {
                    return r.kind == PrefixKind && r.match == rule.match;
                });
            merged.id = old != current.rules.end() ? old->id : 0;
            rules.append(merged);
        }
        out.rules = rules;
    }

    for (auto it = document.settings.begin(); it != document.settings.end(); ++it)
        out.settings.insert(it.key(), it.value());

    for (const ClientKeySpec &spec : document.clientKeys) {
        ClientKey *key = findMutable(out.clientKeys, [&](const ClientKey &k) { return k.name == spec.name; });
        if (!key) {
            result.unknownClientKeys.append(spec.name);
            continue;
        }
        if (spec.expiresAt)
            key->expiresAt = *spec.expiresAt;
        if (spec.disabled)
            key->disabled = *spec.disabled;
        if (spec.dailyBudget)
            key->dailyBudget = *spec.dailyBudget;
        if (spec.allowedModels)
            key->allowedModels = *spec.allowedModels;
        if (spec.slotMap)
            key->slotMap = *spec.slotMap;
    }

    const QSet<QString> stillUsed = referencedSecrets(out);
    for (const QString &ref : referencedSecrets(current)) {
        if (!stillUsed.contains(ref))
            result.orphanedRefs.append(ref);
    }
    result.orphanedRefs.sort();
    return result;
}

QJsonObject toJson(const ConfigData &config, const SecretLookup &secrets)
{
    QJsonObject root;
    root.insert(Field::Version, FormatVersion);

    QJsonArray providers;
    for (const Provider &provider : config.providers)
        providers.append(providerToJson(provider, config, secrets));
    root.insert(Field::Providers, providers);

    QJsonArray groups;
    for (const ModelGroup &group : config.groups)
        groups.append(groupToJson(group, config));
    root.insert(Field::ModelGroups, groups);

    root.insert(Field::Routes, routesToJson(config.rules));
    root.insert(Field::Rules, prefixRulesToJson(config.rules));

    QJsonObject settings;
    for (auto it = config.settings.begin(); it != config.settings.end(); ++it) {
        // Non-scalar settings (window geometry and the like) are machine-local state; the secrets/
        // ones are the user's decision on this machine.
        if (isScalarSetting(it.value()) && !it.key().startsWith(ProtectedSettingsPrefix))
            settings.insert(it.key(), QJsonValue::fromVariant(it.value()));
    }
    root.insert(Field::Settings, settings);

    QJsonArray clientKeys;
    for (const ClientKey &key : config.clientKeys)
        clientKeys.append(clientKeyToJson(key));
    root.insert(Field::ClientKeys, clientKeys);
    return root;
}

QByteArray toJsonBytes(const ConfigData &config, const SecretLookup &secrets)
{
    return QJsonDocument(toJson(config, secrets)).toJson(QJsonDocument::Indented);
}

} // namespace Switchyard::ConfigJson
