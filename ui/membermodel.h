#pragma once

// The members of one model group, in priority order: row order IS the priority order (drag and
// drop or the up/down buttons move rows, and every move renumbers the priorities 0, 1, 2, ...).
// Every other column is editable in place: channel (by name), model, weight, the three capability
// tags (check boxes), context window and a per-member price override (input/output $ per MTok; both
// empty or 0 = no override). The page stores the group; the model only holds the list.

#include "configtypes.h"

#include <QAbstractTableModel>
#include <QList>

namespace Switchyard {

class MemberModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        ChannelColumn,
        ModelColumn,
        PriorityColumn,
        WeightColumn,
        ToolsColumn,
        VisionColumn,
        ThinkingColumn,
        ContextColumn,
        InputPriceColumn,
        OutputPriceColumn,
        ColumnCount
    };

    static QString mimeType() { return QStringLiteral("application/x-switchyard-member-rows"); }

    explicit MemberModel(QObject *parent = nullptr);

    // Channels resolve names for display and editing (ids are what is stored).
    void setChannels(const QList<Channel> &channels);
    const QList<Channel> &channels() const { return m_channels; }
    // Sorted by priority (stable: equal priorities keep their order).
    void setMembers(const QList<GroupMember> &members);
    const QList<GroupMember> &members() const { return m_members; }
    // "<channel>,<model>" of row (what time policies and route targets name).
    QString memberLabel(int row) const;

    // Appends a member with the next priority; returns its row.
    int addMember(qint64 channelId, const QString &model);
    bool moveUp(int row);
    bool moveDown(int row);

    void retranslate();

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

    bool removeRows(int row, int count, const QModelIndex &parent = {}) override;
    bool moveRows(const QModelIndex &sourceParent, int sourceRow, int count,
                  const QModelIndex &destinationParent, int destinationChild) override;

    Qt::DropActions supportedDragActions() const override;
    Qt::DropActions supportedDropActions() const override;
    QStringList mimeTypes() const override;
    QMimeData *mimeData(const QModelIndexList &indexes) const override;
    bool canDropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                         const QModelIndex &parent) const override;
    // Moves the dragged rows to the drop position (before parent's row when dropped on an item).
    bool dropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                      const QModelIndex &parent) override;

private:
    const Channel *channelById(qint64 id) const;
    void renumber();
    static QList<int> decodeRows(const QMimeData *data);

    QList<Channel> m_channels;
    QList<GroupMember> m_members;
};

} // namespace Switchyard
