#include "channelmodel.h"

#include <algorithm>

namespace Switchyard {

ChannelModel::ChannelModel(QObject *parent)
    : ProviderEntityModel(ColumnCount, Enabled, parent)
{
}

void ChannelModel::setChannels(const QList<Channel> &channels)
{
    resetItems(channels);
}

QVariant ChannelModel::cellData(const Channel &channel, int column, int role) const
{
    const auto disabledKeys = std::count_if(channel.keys.cbegin(), channel.keys.cend(),
                                            [](const ChannelKey &key) { return key.disabled; });
    if (role == Qt::ToolTipRole) {
        if (column == Models)
            return channel.models.join(u'\n');
        return {};
    }
    if (role == Qt::TextAlignmentRole && (column == Priority || column == Weight))
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (column) {
    case Name:
        return channel.name;
    case Models:
        return tr("%n model(s)", nullptr, int(channel.models.size()));
    case Priority:
        return channel.priority;
    case Weight:
        return channel.weight;
    case Keys:
        if (channel.keys.isEmpty())
            return tr("none");
        if (disabledKeys == 0)
            return QString::number(channel.keys.size());
        return tr("%1 (%2 disabled)").arg(channel.keys.size()).arg(disabledKeys);
    default:
        return {};
    }
}

QVariant ChannelModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Name:
        return tr("Channel");
    case Models:
        return tr("Models");
    case Priority:
        return tr("Priority");
    case Weight:
        return tr("Weight");
    case Keys:
        return tr("Keys");
    case Enabled:
        return tr("On");
    default:
        return {};
    }
}

} // namespace Switchyard
