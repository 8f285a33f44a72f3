#include "slotmapeditor.h"

#include <QComboBox>
#include <QEvent>
#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSignalBlocker>

namespace Switchyard {

SlotMapEditor::SlotMapEditor(QWidget *parent)
    : QWidget(parent)
{
    auto *grid = new QGridLayout(this);
    grid->setContentsMargins(0, 0, 0, 0);
    m_targetHeader = new QLabel(this);
    m_modelHeader = new QLabel(this);
    m_effortHeader = new QLabel(this);
    grid->addWidget(m_targetHeader, 0, 1);
    grid->addWidget(m_modelHeader, 0, 2);
    grid->addWidget(m_effortHeader, 0, 3);

    int line = 1;
    for (const QString &family : SlotMap::families()) {
        Row row;
        row.label = new QLabel(this);
        row.target = new QComboBox(this);
        row.target->setEditable(true);
        row.target->setInsertPolicy(QComboBox::NoInsert);
        row.target->setObjectName(QStringLiteral("slotTarget_") + family);
        row.target->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        row.target->setMinimumContentsLength(14);
        row.model = new QLineEdit(this);
        row.model->setObjectName(QStringLiteral("slotModel_") + family);
        row.effort = new QComboBox(this);
        row.effort->setObjectName(QStringLiteral("slotEffort_") + family);
        row.effort->addItem(QString(), QString());
        for (const QString &effort : SlotMap::efforts())
            row.effort->addItem(effortName(effort), effort);
        row.label->setBuddy(row.target);

        connect(row.target, &QComboBox::currentTextChanged, this, &SlotMapEditor::edited);
        connect(row.model, &QLineEdit::textEdited, this, &SlotMapEditor::edited);
        connect(row.effort, &QComboBox::currentIndexChanged, this, &SlotMapEditor::edited);

        grid->addWidget(row.label, line, 0);
        grid->addWidget(row.target, line, 1);
        grid->addWidget(row.model, line, 2);
        grid->addWidget(row.effort, line, 3);
        m_rows.insert(family, row);
        ++line;
    }
    grid->setColumnStretch(1, 3);
    grid->setColumnStretch(2, 2);
    retranslate();
}

QString SlotMapEditor::effortName(const QString &effort)
{
    if (effort == u"low")
        return tr("Low");
    if (effort == u"medium")
        return tr("Medium");
    if (effort == u"high")
        return tr("High");
    if (effort == u"max")
        return tr("Max");
    return effort; // a value from a hand-edited config, shown as written
}

void SlotMapEditor::setComboText(QComboBox *combo, const QString &text)
{
    const int index = combo->findText(text);
    if (index >= 0)
        combo->setCurrentIndex(index);
    else
        combo->setEditText(text);
}

void SlotMapEditor::setTargetCandidates(const QStringList &candidates)
{
    for (const Row &row : std::as_const(m_rows)) {
        const QSignalBlocker blocker(row.target);
        const QString text = row.target->currentText();
        row.target->clear();
        row.target->addItem(QString());
        row.target->addItems(candidates);
        setComboText(row.target, text);
    }
}

void SlotMapEditor::setSlotMap(const QJsonObject &slotMap)
{
    m_loaded = slotMap;
    for (auto it = m_rows.cbegin(); it != m_rows.cend(); ++it) {
        const SlotMap::Entry entry = SlotMap::entry(slotMap, it.key());
        const Row &row = it.value();
        const QSignalBlocker targetBlocker(row.target);
        const QSignalBlocker effortBlocker(row.effort);
        setComboText(row.target, entry.target);
        row.model->setText(entry.model);
        const int effort = row.effort->findData(entry.effort);
        if (effort >= 0) {
            row.effort->setCurrentIndex(effort);
        } else {
            // An effort this build does not list (typed into a config file): keep it selectable.
            row.effort->addItem(entry.effort, entry.effort);
            row.effort->setCurrentIndex(row.effort->count() - 1);
        }
    }
}

SlotMap::Entry SlotMapEditor::entry(const QString &family) const
{
    const Row row = m_rows.value(family);
    if (!row.target)
        return {};
    return SlotMap::Entry {row.target->currentText().trimmed(), row.model->text().trimmed(),
                           row.effort->currentData().toString()};
}

QJsonObject SlotMapEditor::slotMap() const
{
    QJsonObject result = m_loaded;
    for (const QString &family : SlotMap::families()) {
        const SlotMap::Entry edited = entry(family);
        // Unchanged entries stay byte for byte as loaded (a bare-string entry stays a string).
        if (edited != SlotMap::entry(m_loaded, family))
            result = SlotMap::withEntry(result, family, edited);
    }
    return result;
}

void SlotMapEditor::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void SlotMapEditor::retranslate()
{
    m_targetHeader->setText(tr("Target"));
    m_modelHeader->setText(tr("Upstream model"));
    m_effortHeader->setText(tr("Reasoning effort"));
    // The family names are model names, the same in every language.
    m_rows.value(QStringLiteral("opus")).label->setText(tr("&Opus"));
    m_rows.value(QStringLiteral("sonnet")).label->setText(tr("&Sonnet"));
    m_rows.value(QStringLiteral("haiku")).label->setText(tr("&Haiku"));
    for (const Row &row : std::as_const(m_rows)) {
        row.target->lineEdit()->setPlaceholderText(tr("Not mapped"));
        row.model->setPlaceholderText(tr("Keep the target's model"));
        row.effort->setItemText(0, tr("As requested"));
        // The stored values stay the API's words; only the shown names are translated.
        for (int item = 1; item < row.effort->count(); ++item)
            row.effort->setItemText(item, effortName(row.effort->itemData(item).toString()));
        row.target->setToolTip(tr("A group, a channel, or \"<channel>,<model>\". Requests for this model "
                                  "family go there."));
        row.model->setToolTip(tr("Optional: the model to ask the channel for instead."));
        row.effort->setToolTip(tr("Optional: force this reasoning effort on these requests."));
    }
}

} // namespace Switchyard
