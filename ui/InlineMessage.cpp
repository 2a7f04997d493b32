#include "InlineMessage.h"

#include "Interaction.h"
#include "PlainText.h"
#include "StateStyle.h"
#include "ValueLabel.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPalette>
#include <QPushButton>
#include <QVBoxLayout>

namespace pal {

InlineMessage::InlineMessage(const QString &objectName, Interaction *interaction, QWidget *parent)
    : QFrame(parent)
    , m_interaction(interaction)
{
    setObjectName(objectName);
    setFrameShape(QFrame::NoFrame);
    auto *outer = new QHBoxLayout(this);
    outer->setContentsMargins(0, 4, 4, 4);
    m_bar = new QWidget(this); // the state's colour, as a bar on the left
    m_bar->setFixedWidth(5);
    m_bar->setAutoFillBackground(true);
    outer->addWidget(m_bar);
    m_symbol = new QLabel(this);
    m_symbol->setAlignment(Qt::AlignTop);
    outer->addWidget(m_symbol, 0, Qt::AlignTop);
    auto *column = new QVBoxLayout;
    outer->addLayout(column, 1);

    // Reachable with Tab, so a screen reader can read the sentence again and a user can copy it.
    m_text = new ValueLabel(QStringLiteral("messageText"), tr("Message"), interaction, this);
    m_text->setWordWrap(true);
    column->addWidget(m_text);

    m_idRow = new QWidget(this);
    auto *idLayout = new QHBoxLayout(m_idRow);
    idLayout->setContentsMargins(0, 0, 0, 0);
    auto *idLabel = new QLabel(tr("Request id:"), m_idRow);
    m_requestId = new QLineEdit(m_idRow);
    m_requestId->setObjectName(QStringLiteral("messageRequestId"));
    m_requestId->setReadOnly(true);
    m_requestId->setAccessibleName(tr("Request id to quote to support"));
    idLabel->setBuddy(m_requestId);
    m_copy = new QPushButton(tr("Copy"), m_idRow);
    m_copy->setObjectName(QStringLiteral("messageCopy"));
    m_copy->setAccessibleName(tr("Copy the request id"));
    idLayout->addWidget(idLabel);
    idLayout->addWidget(m_requestId, 1);
    idLayout->addWidget(m_copy);
    column->addWidget(m_idRow);
    connect(m_copy, &QPushButton::clicked, this, [this] { m_interaction->copyToClipboard(m_requestId->text()); });

    setAccessibleName(tr("Message"));
    hide();
}

void InlineMessage::show(int tone, const QString &text, const QString &requestId)
{
    const auto t = static_cast<Tone>(tone);
    QPalette palette = m_bar->palette();
    palette.setColor(QPalette::Window, toneColor(t));
    m_bar->setPalette(palette);
    m_symbol->setText(toneSymbol(t));
    m_text->setValue(text);
    m_text->setToolTip(QString());
    m_requestId->setText(requestId);
    m_idRow->setVisible(!requestId.isEmpty());
    setVisible(true);
}

void InlineMessage::showInfo(const QString &text)
{
    m_error.reset();
    show(int(Tone::Neutral), text, {});
}

void InlineMessage::showSuccess(const QString &text)
{
    m_error.reset();
    show(int(Tone::Success), text, {});
}

void InlineMessage::showWarning(const QString &text)
{
    m_error.reset();
    show(int(Tone::Warning), text, {});
}

void InlineMessage::showError(const AzureError &error, const QString &prefix)
{
    m_error = error;
    // The ids go to their own copyable field, not into the sentence.
    AzureError withoutIds = error;
    const QString id = error.requestId.isEmpty() ? error.correlationId : error.requestId;
    withoutIds.requestId.clear();
    withoutIds.correlationId.clear();
    const QString sentence = withoutIds.userMessage();
    show(int(Tone::Error), prefix.isEmpty() ? sentence : prefix + QLatin1Char(' ') + sentence, id);
}

void InlineMessage::showProblem(const QString &sentence, const AzureError &error)
{
    m_error = error;
    show(int(Tone::Error), sentence, error.requestId.isEmpty() ? error.correlationId : error.requestId);
    m_text->setToolTip(plainToolTip(error.message));
}

void InlineMessage::clear()
{
    m_error.reset();
    m_text->setValue({});
    m_requestId->clear();
    hide();
}

QString InlineMessage::text() const
{
    return isHidden() ? QString() : m_text->text();
}

QString InlineMessage::requestId() const
{
    return m_requestId->text();
}

} // namespace pal
