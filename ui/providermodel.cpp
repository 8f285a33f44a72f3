#include "providermodel.h"

namespace Switchyard {

ProviderModel::ProviderModel(QObject *parent)
    : ProviderEntityModel(ColumnCount, Enabled, parent)
{
}

void ProviderModel::setProviders(const QList<Provider> &providers, const QHash<qint64, int> &channelCounts)
{
    m_channelCounts = channelCounts;
    resetItems(providers);
}

QString ProviderModel::protocolLabel(Protocol protocol)
{
    switch (protocol) {
    case Protocol::Anthropic:
        return tr("Anthropic Messages");
    case Protocol::OpenAI:
        return tr("OpenAI-compatible");
    case Protocol::Gemini:
        return tr("Gemini");
    case Protocol::Responses:
        return tr("OpenAI Responses");
    }
    return {};
}

QVariant ProviderModel::cellData(const Provider &provider, int column, int role) const
{
    if (role == Qt::ToolTipRole)
        return provider.baseUrl;
    if (role != Qt::DisplayRole)
        return {};
    switch (column) {
    case Name:
        return provider.name;
    case ProtocolColumn:
        return protocolLabel(provider.protocol);
    case Channels:
        return m_channelCounts.value(provider.id);
    default:
        return {};
    }
}

QVariant ProviderModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Name:
        return tr("Provider");
    case ProtocolColumn:
        return tr("API");
    case Channels:
        return tr("Channels");
    case Enabled:
        return tr("On");
    default:
        return {};
    }
}

} // namespace Switchyard
