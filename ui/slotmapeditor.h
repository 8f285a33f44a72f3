#pragma once

#include "slotmap.h"

#include <QHash>
#include <QJsonObject>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;

namespace Switchyard {

// Edits a client key's slot map: for opus, sonnet and haiku a target (an editable combo of groups,
// channels and "<channel>,<model>" pairs), an optional upstream model and an optional reasoning
// effort. Child objectNames: slotTarget_<family>, slotModel_<family>, slotEffort_<family>.
class SlotMapEditor : public QWidget
{
    Q_OBJECT

public:
    explicit SlotMapEditor(QWidget *parent = nullptr);

    // The choices offered in the target combos (SlotMap::targetCandidates); typed text stays allowed.
    void setTargetCandidates(const QStringList &candidates);
    void setSlotMap(const QJsonObject &slotMap);
    // The loaded slot map with the three families replaced by what the editor shows; fields and
    // families the editor does not know are kept as they were.
    QJsonObject slotMap() const;
    SlotMap::Entry entry(const QString &family) const;

Q_SIGNALS:
    void edited();

protected:
    void changeEvent(QEvent *event) override;

private:
    struct Row
    {
        QLabel *label = nullptr;
        QComboBox *target = nullptr;
        QLineEdit *model = nullptr;
        QComboBox *effort = nullptr;
    };

    void retranslate();
    static void setComboText(QComboBox *combo, const QString &text);
    static QString effortName(const QString &effort);

    QLabel *m_targetHeader = nullptr;
    QLabel *m_modelHeader = nullptr;
    QLabel *m_effortHeader = nullptr;
    QHash<QString, Row> m_rows;
    QJsonObject m_loaded;
};

} // namespace Switchyard
