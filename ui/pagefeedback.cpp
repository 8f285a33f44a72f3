#include "pagefeedback.h"

#include "appcontroller.h"
#include "storage.h"

#include <QAbstractSpinBox>
#include <QLabel>
#include <QPushButton>

namespace Switchyard {

namespace {

const char *const AcceptButtonProperty = "switchyardAcceptButton";

// Readable on light and dark window backgrounds alike.
const QColor WarningColor(0xb3, 0x6b, 0x00);
const QColor ErrorColor(0xd0, 0x3a, 0x2f);

} // namespace

QMessageBox *askToConfirm(QWidget *parent, const QString &objectName, QMessageBox::Icon icon,
                          const QString &title, const QString &text, const QString &acceptText,
                          std::function<void()> onAccept)
{
    auto *box = new QMessageBox(icon, title, text, QMessageBox::Cancel, parent);
    box->setObjectName(objectName);
    box->setAttribute(Qt::WA_DeleteOnClose);
    QPushButton *accept = box->addButton(acceptText, QMessageBox::AcceptRole);
    box->setProperty(AcceptButtonProperty, QVariant::fromValue<QObject *>(accept));
    // The safe choice is the default, so Enter neither deletes nor overwrites anything.
    box->setDefaultButton(QMessageBox::Cancel);
    QObject::connect(box, &QMessageBox::buttonClicked, box,
                     [accept, onAccept = std::move(onAccept)](QAbstractButton *button) {
                         if (button == accept && onAccept)
                             onAccept();
                     });
    box->open();
    return box;
}

QAbstractButton *confirmButton(QMessageBox *box)
{
    return box ? qobject_cast<QAbstractButton *>(box->property(AcceptButtonProperty).value<QObject *>())
               : nullptr;
}

void showFeedback(QLabel *label, const QString &text, Tone tone)
{
    label->setText(text);
    QPalette palette = label->palette();
    const QPalette base = label->parentWidget() ? label->parentWidget()->palette() : QPalette();
    switch (tone) {
    case Tone::Normal:
        palette.setColor(QPalette::WindowText, base.color(QPalette::WindowText));
        break;
    case Tone::Warning:
        palette.setColor(QPalette::WindowText, WarningColor);
        break;
    case Tone::Error:
        palette.setColor(QPalette::WindowText, ErrorColor);
        break;
    }
    label->setPalette(palette);
}

void setSpecialValueText(QAbstractSpinBox *spin, const QString &text)
{
    spin->setSpecialValueText(text);
    spin->updateGeometry();
}

void followStore(QObject *page, AppController *controller, std::function<bool()> hasEdits,
                 std::function<void()> reload)
{
    Storage *storage = controller ? controller->storage() : nullptr;
    if (!storage)
        return;
    QObject::connect(storage, &Storage::configChanged, page,
                     [hasEdits = std::move(hasEdits), reload = std::move(reload)] {
                         if (!hasEdits())
                             reload();
                     });
}

} // namespace Switchyard
