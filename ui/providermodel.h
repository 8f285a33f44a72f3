#pragma once

#include "configtypes.h"
#include "providerentitymodel.h"

#include <QHash>

namespace Switchyard {

// The providers list of the providers page.
class ProviderModel : public ProviderEntityModel<Provider>
{
    Q_OBJECT
public:
    enum Column
    {
        Name,
        ProtocolColumn,
        Channels,
        Enabled,
        ColumnCount,
    };

    explicit ProviderModel(QObject *parent = nullptr);

    // channelCounts: provider id -> number of its channels.
    void setProviders(const QList<Provider> &providers, const QHash<qint64, int> &channelCounts);

    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    static QString protocolLabel(Protocol protocol);

protected:
    QVariant cellData(const Provider &provider, int column, int role) const override;

private:
    QHash<qint64, int> m_channelCounts;
};

} // namespace Switchyard
