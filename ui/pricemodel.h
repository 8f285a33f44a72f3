#pragma once

#include "configtypes.h"

#include <QAbstractTableModel>

namespace Switchyard {

// A provider's model prices (USD per million tokens), every cell editable. Rows with an empty model
// name are dropped by prices().
class PriceModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        Model,
        Input,
        Output,
        CacheRead,
        CacheWrite,
        ColumnCount,
    };

    explicit PriceModel(QObject *parent = nullptr);

    void setPrices(const QList<ModelPrice> &prices);
    QList<ModelPrice> prices() const;
    // Appends a row for model (or an empty one) and returns its index in the Model column.
    QModelIndex addPrice(const QString &model = {});
    void retranslate();

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool removeRows(int row, int count, const QModelIndex &parent = {}) override;

private:
    static double *field(ModelPrice &price, int column);

    QList<ModelPrice> m_prices;
};

} // namespace Switchyard
