#pragma once

// Parsing of codec output in the codec tests: a body that is not a JSON object is a bug in the code
// under test, so it ends the test run with the body in the message instead of comparing nulls.

#include <QByteArray>
#include <QJsonObject>

namespace Switchyard::Test {

// The JSON object in json; qFatal (with the first 2000 bytes) when it is anything else.
QJsonObject toObject(const QByteArray &json);
// A JSON object literal written in a test.
QJsonObject json(const char *text);
// choices[0].message of a Chat Completions response (empty when there is none).
QJsonObject firstChoiceMessage(const QJsonObject &completion);

} // namespace Switchyard::Test
