#pragma once

#include "configtypes.h"
#include "providerentitymodel.h"

namespace Switchyard {

// The channels of the selected provider.
class ChannelModel : public ProviderEntityModel<Channel>
{
    Q_OBJECT
public:
    enum Column
    {
        Name,
        Models,
        Priority,
        Weight,
        Keys,
        Enabled,
        ColumnCount,
    };

    explicit ChannelModel(QObject *parent = nullptr);

    void setChannels(const QList<Channel> &channels);

    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

protected:
    QVariant cellData(const Channel &channel, int column, int role) const override;
};

} // namespace Switchyard
