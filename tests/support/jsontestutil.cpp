#include "jsontestutil.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

namespace Switchyard::Test {

QJsonObject toObject(const QByteArray &json)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        qFatal("codec output is not a JSON object: %s", json.left(2000).constData());
    return doc.object();
}

QJsonObject json(const char *text)
{
    return toObject(QByteArray(text));
}

QJsonObject firstChoiceMessage(const QJsonObject &completion)
{
    return completion.value(QLatin1String("choices"))
        .toArray()
        .at(0)
        .toObject()
        .value(QLatin1String("message"))
        .toObject();
}

} // namespace Switchyard::Test
