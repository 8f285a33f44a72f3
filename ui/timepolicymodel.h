#pragma once

// A model group's time policies (proxy/timepolicy.h: weekday set + time window -> strategy and/or
// member subset), as a table the group editor shows and edits. Reads and writes the
// "timePolicies" array of ModelGroup::options in the shape timepolicy.h documents.

#include "timepolicy.h"

#include <QAbstractTableModel>
#include <QJsonArray>
#include <QList>

namespace Switchyard {

class TimePolicyModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        NameColumn,
        DaysColumn,
        WindowColumn,
        StrategyColumn,
        MembersColumn,
        ColumnCount
    };

    explicit TimePolicyModel(QObject *parent = nullptr);

    // Entries timepolicy.h cannot parse are left out; errors gets one line per entry.
    void setFromOptions(const QJsonObject &groupOptions, QStringList *errors = nullptr);
    // The "timePolicies" array for the group's options.
    QJsonArray toJson() const;
    static QJsonObject toJson(const TimeWindowPolicy &policy);

    const QList<TimeWindowPolicy> &policies() const { return m_policies; }
    TimeWindowPolicy policy(int row) const { return m_policies.value(row); }
    void setPolicy(int row, const TimeWindowPolicy &policy);
    // Appends "weekdays 09:00-18:00" with the group's settings unchanged; returns its row.
    int addPolicy();
    bool removeRows(int row, int count, const QModelIndex &parent = {}) override;

    // "Weekdays", "Weekend", "Every day" or "Mon, Wed", translated.
    static QString daysText(quint8 days);
    static QString dayName(int dayOfWeek); // 1 = Monday
    static QString windowText(const TimeWindowPolicy &policy);
    void retranslate();

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<TimeWindowPolicy> m_policies;
};

} // namespace Switchyard
