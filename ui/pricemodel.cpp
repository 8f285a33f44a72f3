#include "pricemodel.h"

namespace Switchyard {

PriceModel::PriceModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void PriceModel::setPrices(const QList<ModelPrice> &prices)
{
    beginResetModel();
    m_prices = prices;
    endResetModel();
}

QList<ModelPrice> PriceModel::prices() const
{
    QList<ModelPrice> out;
    for (ModelPrice price : m_prices) {
        price.model = price.model.trimmed();
        if (!price.model.isEmpty())
            out.append(price);
    }
    return out;
}

QModelIndex PriceModel::addPrice(const QString &model)
{
    const int row = int(m_prices.size());
    beginInsertRows({}, row, row);
    ModelPrice price;
    price.model = model;
    m_prices.append(price);
    endInsertRows();
    return index(row, Model);
}

void PriceModel::retranslate()
{
    Q_EMIT headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
}

int PriceModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_prices.size());
}

int PriceModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

double *PriceModel::field(ModelPrice &price, int column)
{
    switch (column) {
    case Input:
        return &price.inputPerMTok;
    case Output:
        return &price.outputPerMTok;
    case CacheRead:
        return &price.cacheReadPerMTok;
    case CacheWrite:
        return &price.cacheWritePerMTok;
    default:
        return nullptr;
    }
}

QVariant PriceModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    ModelPrice price = m_prices.at(index.row());
    if (role == Qt::TextAlignmentRole && index.column() != Model)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole && role != Qt::EditRole)
        return {};
    if (index.column() == Model)
        return price.model;
    const double value = *field(price, index.column());
    // Display as plain decimals ("0.075"), edit as a double so the delegate offers a spin box.
    return role == Qt::EditRole ? QVariant(value) : QVariant(QString::number(value, 'g', 6));
}

bool PriceModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)
        || role != Qt::EditRole)
        return false;
    ModelPrice &price = m_prices[index.row()];
    if (index.column() == Model) {
        price.model = value.toString().trimmed();
    } else {
        bool ok = false;
        const double number = value.toDouble(&ok);
        if (!ok || number < 0)
            return false;
        *field(price, index.column()) = number;
    }
    Q_EMIT dataChanged(index, index, {Qt::DisplayRole, Qt::EditRole});
    return true;
}

Qt::ItemFlags PriceModel::flags(const QModelIndex &index) const
{
    Qt::ItemFlags flags = QAbstractTableModel::flags(index);
    if (index.isValid())
        flags |= Qt::ItemIsEditable;
    return flags;
}

QVariant PriceModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Model:
        return tr("Model");
    case Input:
        return tr("Input $/MTok");
    case Output:
        return tr("Output $/MTok");
    case CacheRead:
        return tr("Cache read $/MTok");
    case CacheWrite:
        return tr("Cache write $/MTok");
    default:
        return {};
    }
}

bool PriceModel::removeRows(int row, int count, const QModelIndex &parent)
{
    if (parent.isValid() || row < 0 || count <= 0 || row + count > m_prices.size())
        return false;
    beginRemoveRows(parent, row, row + count - 1);
    m_prices.remove(row, count);
    endRemoveRows();
    return true;
}

} // namespace Switchyard
