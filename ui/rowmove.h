#pragma once

// moveRows() for flat list models that keep their rows in a QList: validates the arguments the way
// QAbstractItemModel::beginMoveRows expects and moves the items between the begin/end calls.

#include <QList>

namespace Switchyard {

// begin(sourceFirst, sourceLast, destinationChild) -> bool wraps beginMoveRows; end() endMoveRows.
template<typename T, typename Begin, typename End>
bool moveListRows(QList<T> &items, int sourceRow, int count, int destinationChild, Begin begin, End end)
{
    if (count <= 0 || sourceRow < 0 || sourceRow + count > items.size() || destinationChild < 0
        || destinationChild > items.size()
        || (destinationChild >= sourceRow && destinationChild <= sourceRow + count))
        return false;
    if (!begin(sourceRow, sourceRow + count - 1, destinationChild))
        return false;
    const QList<T> moving = items.mid(sourceRow, count);
    items.remove(sourceRow, count);
    const int insertAt = destinationChild > sourceRow ? destinationChild - count : destinationChild;
    for (int i = 0; i < count; ++i)
        items.insert(insertAt + i, moving.at(i));
    end();
    return true;
}

} // namespace Switchyard
