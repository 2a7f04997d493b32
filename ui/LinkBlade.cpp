#include "LinkBlade.h"

#include "InlineMessage.h"
#include "Interaction.h"
#include "LinkParagraph.h"
#include "PartnerId.h"
#include "PlainText.h"
#include "StateStyle.h"
#include "ValueLabel.h"
#include "Workspace.h"

#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalBlocker>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>

namespace pal {

namespace {

QLabel *paragraph(const QString &text, QWidget *parent)
{
    auto *label = plainText(new QLabel(text, parent));
    label->setWordWrap(true);
    label->setMaximumWidth(760);
    return label;
}

const char *const PrivacyStatement = "https://privacy.microsoft.com/privacystatement";

QString withName(const QString &partnerId, const std::optional<PartnerLink> &link)
{
    return link && !link->partnerName.isEmpty() ? QObject::tr("%1 (%2)").arg(partnerId, link->partnerName) : partnerId;
}

// After a lost or broken answer the outcome came from reading the link again: say so.
QString confirmed(const LinkChange &change)
{
    return change.readAgain ? QObject::tr(" Azure's answer was lost, so PAL Desk read the link again to be sure.")
                            : QString();
}

// A change that did not end as asked, in words: an answer that was lost and could not be checked
// says so; anything else is `notDone` and the error.
void showFailure(InlineMessage *result, const LinkChange &change, const QString &notDone)
{
    const AzureError error = change.error.value_or(AzureError::make(AzureError::Kind::Network, {}));
    if (change.outcome == LinkChange::Outcome::MayBeDone)
        result->showError(error, QObject::tr("PAL Desk could not tell whether the change was made: the answer was "
                                             "lost and the link could not be read afterwards. Use Verify again on "
                                             "the Validation page before trying again."));
    else
        result->showError(error, notDone);
}

} // namespace

LinkBlade::LinkBlade(const UiContext &ui, QWidget *parent)
    : QWidget(parent)
    , m_ui(ui)
{
    setObjectName(QStringLiteral("linkBlade"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(24, 16, 24, 16);
    layout->setSpacing(10);

    auto *title = new QLabel(tr("Link to a partner ID"), this);
    title->setObjectName(QStringLiteral("linkBladeTitle"));
    styleTitle(title);
    layout->addWidget(title);
    layout->addWidget(paragraph(
        tr("Microsoft partners who deploy, run or look after a customer's cloud services can tie the account they "
           "use in the customer's directory to their Microsoft partner ID. Microsoft then credits the partner for "
           "the impact of that work."),
        this));
    layout->addWidget(paragraph(tr("Enter your organization's partner ID to link it to the identity you are signed "
                                   "in with, in the directory shown above. The link gives you no extra access and "
                                   "changes nothing for the customer."),
                                this));

    m_reading = plainText(new QLabel(this));
    m_reading->setObjectName(QStringLiteral("readingLink"));
    layout->addWidget(m_reading);

    m_current = new QGroupBox(tr("Linked partner ID"), this);
    m_current->setObjectName(QStringLiteral("currentLink"));
    m_current->setMaximumWidth(760);
    auto *currentLayout = new QHBoxLayout(m_current);
    auto *form = new QFormLayout;
    m_linkedId =
        new ValueLabel(QStringLiteral("linkedPartnerId"), tr("Linked partner ID"), m_ui.interaction, m_current);
    m_linkedName = new ValueLabel(QStringLiteral("linkedPartnerName"), tr("Partner name"), m_ui.interaction, m_current);
    m_linkedState = new ValueLabel(QStringLiteral("linkedState"), tr("Link state"), m_ui.interaction, m_current);
    form->addRow(tr("Partner ID:"), m_linkedId);
    form->addRow(tr("Partner name:"), m_linkedName);
    form->addRow(tr("State:"), m_linkedState);
    currentLayout->addLayout(form, 1);
    m_remove = new QPushButton(tr("&Remove"), m_current);
    m_remove->setObjectName(QStringLiteral("removeLink"));
    m_remove->setAccessibleName(tr("Remove the partner link"));
    currentLayout->addWidget(m_remove, 0, Qt::AlignBottom);
    layout->addWidget(m_current);

    auto *labelRow = new QHBoxLayout;
    m_fieldLabel = new QLabel(tr("Microsoft &partner ID"), this);
    m_info = new QToolButton(this);
    m_info->setObjectName(QStringLiteral("partnerIdInfo"));
    m_info->setIcon(style()->standardIcon(QStyle::SP_MessageBoxInformation));
    m_info->setIconSize(QSize(16, 16));
    m_info->setAutoRaise(true);
    m_info->setCheckable(true);
    m_info->setAccessibleName(tr("Which partner ID to use"));
    const QString tip =
        tr("Use your Associated Partner ID: the partner location ID of the location that serves this customer, as "
           "shown in Partner Center. Do not use the global partner ID of your organization; links to it earn no "
           "credit. It is a number of %1 to %2 digits.")
            .arg(PartnerId::MinLength)
            .arg(PartnerId::MaxLength);
    m_info->setToolTip(tip);
    labelRow->addWidget(m_fieldLabel);
    labelRow->addWidget(m_info);
    labelRow->addStretch(1);
    layout->addLayout(labelRow);
    m_tip = paragraph(tip, this);
    m_tip->setObjectName(QStringLiteral("partnerIdTip"));
    m_tip->hide();
    layout->addWidget(m_tip);
    connect(m_info, &QToolButton::toggled, m_tip, &QLabel::setVisible);

    m_field = new QLineEdit(this);
    m_field->setObjectName(QStringLiteral("partnerIdField"));
    m_field->setAccessibleName(tr("Microsoft partner ID"));
    m_field->setAccessibleDescription(tip);
    m_field->setPlaceholderText(tr("e.g. 1234567"));
    m_field->setMaximumWidth(320);
    m_fieldLabel->setBuddy(m_field);
    layout->addWidget(m_field);
    m_problem = plainText(new QLabel(this));
    m_problem->setObjectName(QStringLiteral("partnerIdProblem"));
    m_problem->setWordWrap(true);
    layout->addWidget(m_problem);
    m_offered = plainText(new QLabel(tr("This is your partner ID, from Settings."), this));
    m_offered->setObjectName(QStringLiteral("partnerIdOffered"));
    m_offered->setAccessibleName(m_offered->text());
    m_offered->hide();
    layout->addWidget(m_offered);

    auto *consent = new LinkParagraph(
        tr("By linking, you agree that Microsoft may share your activity in this directory with the partner "
           "organization of this ID, including aggregate data about your contribution to the customer's cloud "
           "usage. Read the <a href=\"%1\">privacy statement</a>.")
            .arg(QLatin1String(PrivacyStatement)),
        this);
    consent->setObjectName(QStringLiteral("consentNote"));
    consent->setMaximumWidth(760);
    connect(consent, &QLabel::linkActivated, this,
            [this](const QString &link) { m_ui.interaction->openUrl(QUrl(link)); });
    layout->addWidget(consent);

    auto *buttons = new QHBoxLayout;
    m_link = new QPushButton(tr("&Link a partner ID"), this);
    m_link->setObjectName(QStringLiteral("linkButton"));
    m_link->setAccessibleName(tr("Link a partner ID"));
    m_change = new QPushButton(tr("&Change"), this);
    m_change->setObjectName(QStringLiteral("changeButton"));
    m_change->setAccessibleName(tr("Change the linked partner ID to the one entered"));
    buttons->addWidget(m_link);
    buttons->addWidget(m_change);
    buttons->addStretch(1);
    layout->addLayout(buttons);

    m_progress = new QWidget(this);
    m_progress->setObjectName(QStringLiteral("linkProgress"));
    auto *progressLayout = new QHBoxLayout(m_progress);
    progressLayout->setContentsMargins(0, 0, 0, 0);
    auto *bar = new QProgressBar(m_progress);
    bar->setRange(0, 0);
    bar->setMaximumWidth(160);
    bar->setAccessibleName(tr("Working"));
    m_progressText = plainText(new QLabel(m_progress));
    progressLayout->addWidget(bar);
    progressLayout->addWidget(m_progressText, 1);
    m_progress->hide();
    layout->addWidget(m_progress);

    m_result = new InlineMessage(QStringLiteral("linkResult"), m_ui.interaction, this);
    m_result->setMaximumWidth(760);
    layout->addWidget(m_result);
    layout->addStretch(1);

    connect(m_field, &QLineEdit::textChanged, this, &LinkBlade::update);
    connect(m_field, &QLineEdit::textEdited, this, [this] { m_edited = true; });
    connect(m_field, &QLineEdit::returnPressed, this, [this] {
        if (m_link->isVisible() && m_link->isEnabled())
            linkPartner();
        else if (m_change->isVisible() && m_change->isEnabled())
            changePartner();
    });
    connect(m_link, &QPushButton::clicked, this, &LinkBlade::linkPartner);
    connect(m_change, &QPushButton::clicked, this, &LinkBlade::changePartner);
    connect(m_remove, &QPushButton::clicked, this, &LinkBlade::removePartner);

    Workspace *ws = m_ui.workspace;
    connect(ws, &Workspace::currentDirectoryChanged, this, &LinkBlade::onDirectoryChanged);
    connect(ws, &Workspace::linkStateChanged, this, [this](const QString &tenantId) {
        if (tenantId.isEmpty() || tenantId == m_ui.workspace->currentDirectoryId())
            update();
    });
    connect(ws, &Workspace::linkStatesChanged, this, [this](const QStringList &tenantIds) {
        if (tenantIds.contains(m_ui.workspace->currentDirectoryId()))
            update();
    });
    connect(ws, &Workspace::busyChanged, this, &LinkBlade::update);
    update();
}

void LinkBlade::focusField()
{
    m_field->setFocus(Qt::OtherFocusReason);
    m_field->selectAll();
}

void LinkBlade::offerMyPartnerId(const LinkState &status, bool busy)
{
    // My partner ID, where the link is not to it already; once the user typed, their text stays.
    const QString mine = m_ui.workspace->expectedPartnerId();
    const bool answered = status.isAnswered();
    const bool alreadyMine = status.isLinked() && status.link && status.link->partnerId == mine;
    const QString offer = !mine.isEmpty() && answered && !alreadyMine ? mine : QString();
    if (!m_edited && !busy && m_field->text() != offer) {
        const QSignalBlocker quiet(m_field);
        m_field->setText(offer);
    }
    m_offered->setVisible(!offer.isEmpty() && m_field->text() == offer);
}

QString LinkBlade::directoryName() const
{
    const std::optional<Directory> d = m_ui.workspace->currentDirectory();
    if (!d)
        return {};
    return d->displayName.isEmpty() ? d->tenantId : d->displayName;
}

void LinkBlade::onDirectoryChanged()
{
    m_result->clear();
    m_field->clear();
    m_edited = false;
    update();
}

void LinkBlade::update()
{
    Workspace *ws = m_ui.workspace;
    const bool haveDirectory = !ws->currentDirectoryId().isEmpty();
    const LinkState status = ws->currentLinkState();
    const bool busy = ws->isBusy();
    const bool reading = haveDirectory && status.isPending();
    const bool linked = status.isLinked() && status.link;
    const bool failed = status.kind == LinkState::Kind::Failed;

    if (!haveDirectory)
        m_reading->setText(tr("Sign in and choose a directory to link a partner ID."));
    else if (reading)
        m_reading->setText(tr("Reading the current link in %1…").arg(directoryName()));
    else if (failed && status.error)
        m_reading->setText(tr("The current link in %1 could not be read.").arg(directoryName()));
    m_reading->setVisible(!haveDirectory || reading || failed);
    m_reading->setAccessibleName(m_reading->text());

    m_current->setVisible(linked);
    if (linked) {
        m_linkedId->setValue(status.link->partnerId);
        m_linkedName->setValue(status.link->partnerName.isEmpty() ? tr("(not given by Azure)")
                                                                  : status.link->partnerName);
        m_linkedState->setValue(status.link->state);
        m_current->setTitle(tr("Linked partner ID in %1").arg(directoryName()));
        m_fieldLabel->setText(tr("New Microsoft &partner ID (to change the link)"));
    } else {
        m_fieldLabel->setText(tr("Microsoft &partner ID"));
    }
    if (failed && status.error && !busy && !m_result->error())
        m_result->showError(*status.error, tr("Could not read the current link."));
    offerMyPartnerId(status, busy);

    const QString text = m_field->text();
    const QString problem = text.trimmed().isEmpty() ? QString() : PartnerId::problem(text);
    const bool valid = !text.trimmed().isEmpty() && problem.isEmpty();
    const bool sameAsLinked = linked && valid && PartnerId::parse(text)->toString() == status.link->partnerId;
    if (!problem.isEmpty())
        m_problem->setText(QStringLiteral("%1 %2").arg(toneSymbol(Tone::Error), problem));
    else if (sameAsLinked)
        m_problem->setText(tr("This partner ID is already the one linked here."));
    else
        m_problem->clear();
    m_problem->setVisible(!m_problem->text().isEmpty());
    m_problem->setAccessibleName(m_problem->text());

    const bool ready = haveDirectory && !reading && !busy;
    m_field->setEnabled(haveDirectory && !busy);
    m_link->setVisible(!linked);
    m_link->setEnabled(ready && valid);
    m_change->setVisible(linked);
    m_change->setEnabled(ready && valid && !sameAsLinked);
    m_remove->setEnabled(ready && linked);
    m_progress->setVisible(busy);
}

void LinkBlade::linkPartner()
{
    const Expected<PartnerId> id = PartnerId::parse(m_field->text());
    if (!id || m_ui.workspace->isBusy())
        return;
    const QString where = directoryName();
    m_result->clear();
    m_progressText->setText(tr("Linking partner ID %1 in %2…").arg(id->toString(), where));
    m_ui.workspace->link(m_ui.workspace->currentDirectoryId(), *id, this, [this, where](const LinkChange &c) {
        if (c.succeeded()) {
            m_field->clear();
            m_edited = false;
        }
        if (c.outcome == LinkChange::Outcome::Done)
            m_result->showSuccess(tr("Partner ID %1 is now linked to your identity in %2.")
                                      .arg(withName(c.partnerId, c.after.link), where) +
                                  confirmed(c));
        else if (c.outcome == LinkChange::Outcome::Unchanged)
            m_result->showSuccess(tr("Partner ID %1 was already linked in %2; nothing changed.")
                                      .arg(withName(c.partnerId, c.after.link), where));
        else if (c.error && c.error->kind == AzureError::Kind::Conflict)
            showFailure(m_result, c,
                        tr("Your identity is already linked to a partner ID in %1; it is shown above. Use Change to "
                           "replace it.")
                            .arg(where));
        else
            showFailure(m_result, c, tr("The partner ID was not linked."));
        update();
    });
    update();
}

void LinkBlade::changePartner()
{
    const Expected<PartnerId> id = PartnerId::parse(m_field->text());
    if (!id || m_ui.workspace->isBusy())
        return;
    const QString where = directoryName();
    m_result->clear();
    m_progressText->setText(tr("Changing the linked partner ID to %1…").arg(id->toString()));
    m_ui.workspace->change(m_ui.workspace->currentDirectoryId(), *id, this, [this, where](const LinkChange &c) {
        if (c.succeeded()) {
            m_field->clear();
            m_edited = false;
        }
        if (c.outcome == LinkChange::Outcome::Done)
            m_result->showSuccess(tr("The link in %1 now points to partner ID %2 (was %3).")
                                      .arg(where, withName(c.partnerId, c.after.link), c.before.partnerId()) +
                                  confirmed(c));
        else if (c.outcome == LinkChange::Outcome::Unchanged)
            m_result->showSuccess(tr("The link in %1 already points to partner ID %2; nothing changed.")
                                      .arg(where, withName(c.partnerId, c.after.link)));
        else
            showFailure(m_result, c, tr("The partner ID was not changed."));
        update();
    });
    update();
}

void LinkBlade::removePartner()
{
    const LinkState status = m_ui.workspace->currentLinkState();
    if (!status.link || m_ui.workspace->isBusy())
        return;
    // What the question names is what is removed: this directory and this partner ID, even when a
    // directory switch completes while the question is open.
    const QString tenantId = m_ui.workspace->currentDirectoryId();
    const QString where = directoryName();
    const QString partner = withName(status.link->partnerId, status.link);
    const Expected<PartnerId> id = PartnerId::parse(status.link->partnerId);
    if (!id)
        return m_result->showError(id.error(), tr("The linked partner ID cannot be removed from here."));
    const bool sure = m_ui.interaction->confirm(
        this, tr("Remove the partner link?"),
        tr("Remove the link between your identity in %1 and partner ID %2?\n\nMicrosoft will stop crediting "
           "this partner for your work in this directory. You can link again later.")
            .arg(where, partner),
        tr("Remove link"));
    if (!sure || m_ui.workspace->isBusy())
        return;
    m_result->clear();
    m_progressText->setText(tr("Removing the link to partner ID %1 in %2…").arg(id->toString(), where));
    m_ui.workspace->unlink(tenantId, *id, this, [this, where, partner](const LinkChange &c) {
        if (c.outcome == LinkChange::Outcome::Done)
            m_result->showSuccess(tr("The link to partner ID %1 was removed in %2.").arg(partner, where) +
                                  confirmed(c));
        else if (c.outcome == LinkChange::Outcome::Unchanged)
            m_result->showSuccess(
                tr("The link to partner ID %1 in %2 was already gone; nothing changed.").arg(partner, where));
        else
            showFailure(m_result, c, tr("The link was not removed."));
        update();
    });
    update();
}

} // namespace pal
