#include "requestcontext.h"

#include "protocolcommon.h"

namespace Switchyard {

QByteArray errorBody(ErrorStyle style, int httpStatus, std::string_view message, std::string_view requestId)
{
    if (style == ErrorStyle::OpenAI)
        return Wire::openAIErrorBody(Wire::openAIErrorType(httpStatus), message);
    return Wire::anthropicErrorBody(Wire::anthropicErrorType(httpStatus), message, requestId);
}

} // namespace Switchyard
