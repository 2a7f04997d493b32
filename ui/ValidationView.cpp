#include "ValidationView.h"

#include "AppConfig.h"
#include "InlineMessage.h"
#include "Interaction.h"
#include "LinkHistory.h"
#include "PlainText.h"
#include "StateStyle.h"
#include "ValueLabel.h"
#include "Workspace.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QUrl>
#include <QVBoxLayout>

namespace pal {

namespace {

QString when(const QDateTime &t)
{
    if (!t.isValid())
        return QObject::tr("—");
    QString utc = t.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) + QStringLiteral(" UTC");
    const QDateTime local = t.toLocalTime();
    if (local.offsetFromUtc() == 0)
        return utc;
    return QStringLiteral("%1 (%2)").arg(QLocale().toString(local, QLocale::ShortFormat), utc);
}

} // namespace

ValidationView::ValidationView(const UiContext &ui, QWidget *parent)
    : QWidget(parent)
    , m_ui(ui)
{
    setObjectName(QStringLiteral("validationView"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(24, 16, 24, 16);
    layout->setSpacing(12);

    auto *title = new QLabel(tr("Is my partner ID linked here?"), this);
    styleTitle(title);
    layout->addWidget(title);

    m_badge = plainText(new QLabel(this));
    m_badge->setObjectName(QStringLiteral("validationState"));
    m_badge->setAlignment(Qt::AlignCenter);
    m_badge->setMinimumHeight(72);
    m_badge->setMaximumWidth(760);
    layout->addWidget(m_badge);
    m_headline = new ValueLabel(QStringLiteral("validationHeadline"), tr("Answer"), m_ui.interaction, this);
    m_headline->setWordWrap(true);
    m_headline->setMaximumWidth(760);
    QFont f = m_headline->font();
    f.setPointSizeF(QFont().pointSizeF() * 1.15);
    m_headline->setFont(f);
    layout->addWidget(m_headline);

    auto *form = new QFormLayout;
    form->setLabelAlignment(Qt::AlignRight);
    m_partnerName =
        new ValueLabel(QStringLiteral("validationPartnerName"), tr("Partner organization"), m_ui.interaction, this);
    m_partnerId = new ValueLabel(QStringLiteral("validationPartnerId"), tr("Partner ID"), m_ui.interaction, this);
    m_myPartnerId =
        new ValueLabel(QStringLiteral("validationMyPartnerId"), tr("Your partner ID"), m_ui.interaction, this);
    m_directoryName =
        new ValueLabel(QStringLiteral("validationDirectoryName"), tr("Directory"), m_ui.interaction, this);
    m_directoryId = new ValueLabel(QStringLiteral("validationDirectoryId"), tr("Directory ID"), m_ui.interaction, this);
    m_identity = new ValueLabel(QStringLiteral("validationIdentity"), tr("Signed in as"), m_ui.interaction, this);
    m_objectId =
        new ValueLabel(QStringLiteral("validationObjectId"), tr("Your object ID here"), m_ui.interaction, this);
    m_state = new ValueLabel(QStringLiteral("validationLinkState"), tr("Link state"), m_ui.interaction, this);
    m_created = new ValueLabel(QStringLiteral("validationCreated"), tr("Linked on"), m_ui.interaction, this);
    m_updated = new ValueLabel(QStringLiteral("validationUpdated"), tr("Last changed"), m_ui.interaction, this);
    m_checked = new ValueLabel(QStringLiteral("validationChecked"), tr("Checked"), m_ui.interaction, this);
    m_history =
        new ValueLabel(QStringLiteral("validationHistory"), tr("Changed from this computer"), m_ui.interaction, this);
    m_history->setWordWrap(true);
    form->addRow(tr("Partner organization:"), m_partnerName);
    form->addRow(tr("Partner ID:"), m_partnerId);
    form->addRow(tr("Your partner ID:"), m_myPartnerId);
    form->addRow(tr("Directory:"), m_directoryName);
    form->addRow(tr("Directory ID:"), m_directoryId);
    form->addRow(tr("Signed in as:"), m_identity);
    form->addRow(tr("Your object ID here:"), m_objectId);
    form->addRow(tr("Link state:"), m_state);
    form->addRow(tr("Linked on:"), m_created);
    form->addRow(tr("Last changed:"), m_updated);
    form->addRow(tr("Checked:"), m_checked);
    form->addRow(tr("Changed from here:"), m_history);
    layout->addLayout(form);

    m_ownership = plainText(new QLabel(this));
    m_ownership->setObjectName(QStringLiteral("validationOwnership"));
    m_ownership->setWordWrap(true);
    m_ownership->setMaximumWidth(760);
    layout->addWidget(m_ownership);

    m_error = new InlineMessage(QStringLiteral("validationError"), m_ui.interaction, this);
    m_error->setMaximumWidth(760);
    layout->addWidget(m_error);

    auto *buttons = new QHBoxLayout;
    m_verify = new QPushButton(tr("&Verify again"), this);
    m_verify->setObjectName(QStringLiteral("verifyAgain"));
    m_verify->setAccessibleName(tr("Verify the link again"));
    m_copy = new QPushButton(tr("C&opy details"), this);
    m_copy->setObjectName(QStringLiteral("copyDetails"));
    m_copy->setAccessibleName(tr("Copy the details"));
    m_portal = new QPushButton(tr("Open in Azure &portal"), this);
    m_portal->setObjectName(QStringLiteral("openPortal"));
    m_portal->setAccessibleName(tr("Open the partner link in the Azure portal"));
    m_linkMine = new QPushButton(this);
    m_linkMine->setObjectName(QStringLiteral("linkMyPartnerId"));
    buttons->addWidget(m_linkMine);
    buttons->addWidget(m_verify);
    buttons->addWidget(m_copy);
    buttons->addWidget(m_portal);
    buttons->addStretch(1);
    layout->addLayout(buttons);
    layout->addStretch(1);

    connect(m_verify, &QPushButton::clicked, this, [this] { m_ui.workspace->refreshLink(); });
    connect(m_linkMine, &QPushButton::clicked, this, &ValidationView::linkRequested);
    connect(m_copy, &QPushButton::clicked, this, [this] { m_ui.interaction->copyToClipboard(details()); });
    connect(m_portal, &QPushButton::clicked, this, [this] {
        if (const QUrl url = portalUrl(); url.isValid())
            m_ui.interaction->openUrl(url);
    });

    Workspace *ws = m_ui.workspace;
    connect(ws, &Workspace::currentDirectoryChanged, this, &ValidationView::update);
    connect(ws, &Workspace::accountChanged, this, &ValidationView::update);
    connect(ws, &Workspace::linkStateChanged, this, [this](const QString &tenantId) {
        if (tenantId.isEmpty() || tenantId == m_ui.workspace->currentDirectoryId())
            update();
    });
    connect(ws, &Workspace::linkStatesChanged, this, [this](const QStringList &tenantIds) {
        if (tenantIds.contains(m_ui.workspace->currentDirectoryId()))
            update();
    });
    if (m_ui.history)
        connect(m_ui.history, &LinkHistory::changed, this, &ValidationView::updateHistory);
    update();
}

void ValidationView::updateHistory()
{
    const QString tenant = m_ui.workspace->currentDirectoryId();
    if (!m_ui.history || tenant.isEmpty()) {
        m_history->setValue(tr("—"));
        return;
    }
    const Expected<std::optional<HistoryEntry>> found = m_ui.history->lastChange(tenant);
    if (!found) {
        m_history->setValue(tr("Unknown: the link history cannot be read (%1)").arg(found.error().message));
        return;
    }
    const std::optional<HistoryEntry> &last = found.value();
    if (!last) {
        m_history->setValue(tr("No change recorded on this computer"));
        return;
    }
    const auto id = [](const std::optional<HistoryLink> &l) { return l ? l->partnerId : tr("none"); };
    const QString what = last->action == QLatin1String("create") ? tr("linked %1").arg(id(last->after))
                         : last->action == QLatin1String("update")
                             ? tr("changed %1 to %2").arg(id(last->before), id(last->after))
                             : tr("removed %1").arg(id(last->before));
    m_history->setValue(tr("%1 by %2 (%3, as %4)").arg(when(last->time), last->app, what, last->username));
}

QUrl ValidationView::portalUrl() const
{
    // The article's link; the portal opens in its own current directory (switch it there).
    const std::optional<CloudEnvironment> cloud = m_ui.workspace->cloud();
    return cloud ? cloud->partnerLinkBladeUrl() : QUrl();
}

void ValidationView::update()
{
    Workspace *ws = m_ui.workspace;
    const std::optional<Directory> d = ws->currentDirectory();
    const LinkState status = ws->currentLinkState();
    const std::optional<DirectoryIdentity> me = ws->currentIdentity();
    const std::optional<Account> &account = ws->account();
    const QString where = d ? (d->displayName.isEmpty() ? d->tenantId : d->displayName) : QString();

    m_directoryName->setValue(d ? where : tr("—"));
    m_directoryId->setValue(d ? d->tenantId : tr("—"));
    m_identity->setValue(account ? account->username : tr("—"));
    m_objectId->setValue(me && !me->objectId.isEmpty() ? me->objectId : tr("—"));

    const std::optional<PartnerLink> &link = status.link;
    const bool linked = status.isLinked() && link;
    m_partnerName->setValue(linked && !link->partnerName.isEmpty() ? link->partnerName : tr("—"));
    m_partnerId->setValue(linked ? link->partnerId : tr("—"));
    m_state->setValue(linked ? link->state : tr("—"));
    m_created->setValue(linked ? when(link->createdTime) : tr("—"));
    m_updated->setValue(linked ? when(link->updatedTime) : tr("—"));
    m_checked->setValue(status.checkedAt.isValid() ? when(status.checkedAt) : tr("—"));

    // "My partner ID" (Settings): with it, the answer says whose link this is.
    const QString mine = ws->expectedPartnerId();
    const QString named = linked && !link->partnerName.isEmpty() ? tr(" (%1)").arg(link->partnerName) : QString();
    m_myPartnerId->setValue(mine.isEmpty() ? tr("not set: set it in Settings to see whether a link is yours") : mine,
                            mine);
    switch (status.kind) {
    case LinkState::Kind::Unknown:
    case LinkState::Kind::Checking:
        styleBadge(m_badge, Tone::Neutral, 2.0);
        m_badge->setText(d ? tr("Checking…") : tr("Not signed in"));
        m_headline->setValue(d ? tr("Reading the partner link in %1…").arg(where)
                               : tr("Sign in to see whether your partner ID is linked."));
        break;
    case LinkState::Kind::Linked: {
        const bool active = link && link->isActive();
        const QString state = active ? QString() : tr(" (%1)").arg(link->state);
        styleBadge(m_badge, active ? Tone::Success : Tone::Warning, 2.0);
        if (mine.isEmpty()) {
            m_badge->setText(tr("%1  LINKED%2").arg(toneSymbol(active ? Tone::Success : Tone::Warning), state));
            m_headline->setValue(tr("Your identity in %1 is linked to partner ID %2%3. Set your partner ID in "
                                    "Settings, and PAL Desk tells you whether this link is yours.")
                                     .arg(where, link->partnerId, named));
        } else {
            m_badge->setText(
                tr("%1  LINKED TO YOUR PARTNER ID%2").arg(toneSymbol(active ? Tone::Success : Tone::Warning), state));
            m_headline->setValue(tr("Your identity in %1 is linked to your partner ID %2%3. Microsoft credits "
                                    "your organization for your work here; nothing to do.")
                                     .arg(where, link->partnerId, named));
        }
        break;
    }
    case LinkState::Kind::LinkedToOther:
        styleBadge(m_badge, Tone::Warning, 2.0);
        m_badge->setText(tr("%1  LINKED TO ANOTHER PARTNER ID").arg(toneSymbol(Tone::Warning)));
        m_headline->setValue(tr("Your identity in %1 is linked to partner ID %2%3, not to your partner ID %4: "
                                "Microsoft credits that partner for your work here, not you. If the credit should "
                                "be yours, change the link to %4.")
                                 .arg(where, link->partnerId, named, status.expectedPartnerId));
        break;
    case LinkState::Kind::NotLinked:
        styleBadge(m_badge, Tone::Error, 2.0);
        m_badge->setText(tr("%1  NOT LINKED").arg(toneSymbol(Tone::Error)));
        m_headline->setValue(mine.isEmpty()
                                 ? tr("No partner ID is linked to your identity in %1. Microsoft credits no partner "
                                      "for your work here. Link one on the \"Link to a partner ID\" page.")
                                       .arg(where)
                                 : tr("No partner ID is linked to your identity in %1. Microsoft credits no partner "
                                      "for your work here. Link your partner ID %2 to get the credit.")
                                       .arg(where, mine));
        break;
    case LinkState::Kind::Failed:
        styleBadge(m_badge, Tone::Error, 2.0);
        m_badge->setText(tr("%1  COULD NOT CHECK").arg(toneSymbol(Tone::Warning)));
        m_headline->setValue(
            tr("PAL Desk could not read the partner link in %1, so it cannot say whether it exists.").arg(where));
        break;
    }
    // What to do, as a button, when the link is not to your partner ID.
    const bool other = status.kind == LinkState::Kind::LinkedToOther;
    const bool none = status.kind == LinkState::Kind::NotLinked;
    m_linkMine->setVisible(d && (other || none));
    if (other) {
        m_linkMine->setText(tr("C&hange the link to %1…").arg(status.expectedPartnerId));
        m_linkMine->setAccessibleName(tr("Change the link to your partner ID %1").arg(status.expectedPartnerId));
    } else if (none) {
        m_linkMine->setText(mine.isEmpty() ? tr("&Link a partner ID…") : tr("&Link my partner ID %1…").arg(mine));
        m_linkMine->setAccessibleName(mine.isEmpty() ? tr("Link a partner ID")
                                                     : tr("Link your partner ID %1").arg(mine));
    }
    m_badge->setAccessibleName(tr("Link state: %1").arg(m_badge->text()));

    if (status.kind == LinkState::Kind::Failed && status.error)
        m_error->showError(*status.error);
    else
        m_error->clear();

    // The link belongs to the caller's tenantId + objectId: whether that is really us is decided
    // in core (the "identity" check's finding); this says it.
    const LinkOwnership owned = LinkOwnership::of(status, me);
    switch (owned.owner) {
    case LinkOwnership::Owner::Yours:
        if (owned.linkedToOther)
            // The identity is the user's, the partner ID is not: "the credit is yours" would contradict the answer.
            m_ownership->setText(tr("The link's directory and object ID match your sign-in: it is your identity's "
                                    "link, to partner ID %1.")
                                     .arg(owned.partnerId));
        else
            m_ownership->setText(tr("%1 The link's directory and object ID match your sign-in: the credit is yours.")
                                     .arg(toneSymbol(Tone::Success)));
        break;
    case LinkOwnership::Owner::OtherDirectory:
        m_ownership->setText(tr("%1 The link names directory %2, but you are signed in to %3.")
                                 .arg(toneSymbol(Tone::Error), owned.linkTenantId, owned.myTenantId));
        break;
    case LinkOwnership::Owner::OtherObject:
        m_ownership->setText(tr("%1 The link names object ID %2, but yours here is %3.")
                                 .arg(toneSymbol(Tone::Error), owned.linkObjectId, owned.myObjectId));
        break;
    case LinkOwnership::Owner::NotLinked:
    case LinkOwnership::Owner::CannotTell:
        m_ownership->clear();
        break;
    }
    m_ownership->setVisible(!m_ownership->text().isEmpty());
    m_ownership->setAccessibleName(m_ownership->text());

    updateHistory();
    m_verify->setEnabled(d.has_value() && status.kind != LinkState::Kind::Checking);
    m_copy->setEnabled(d.has_value());
    const bool hasPortal = portalUrl().isValid();
    m_portal->setEnabled(hasPortal);
    m_portal->setToolTip(hasPortal ? tr("Opens Link to a partner ID in the portal's current directory; if it is "
                                        "another one, choose Switch directory there.")
                                   : tr("This cloud has no Azure portal."));
}

QString ValidationView::details() const
{
    QStringList lines;
    lines << tr("Partner link: %1").arg(m_badge->text().mid(m_badge->text().indexOf(QLatin1Char(' '))).trimmed());
    lines << m_headline->text();
    const QList<QPair<QString, QLabel *>> rows = {{tr("Partner organization"), m_partnerName},
                                                  {tr("Partner ID"), m_partnerId},
                                                  {tr("Your partner ID"), m_myPartnerId},
                                                  {tr("Directory"), m_directoryName},
                                                  {tr("Directory ID"), m_directoryId},
                                                  {tr("Signed in as"), m_identity},
                                                  {tr("Object ID"), m_objectId},
                                                  {tr("Link state"), m_state},
                                                  {tr("Linked on"), m_created},
                                                  {tr("Last changed"), m_updated},
                                                  {tr("Checked"), m_checked},
                                                  {tr("Changed from this computer"), m_history}};
    for (const auto &[label, field] : rows)
        lines << QStringLiteral("%1: %2").arg(label, field->text());
    if (!m_ownership->text().isEmpty())
        lines << m_ownership->text();
    if (!m_error->text().isEmpty())
        lines << m_error->text() << tr("Request id: %1").arg(m_error->requestId());
    return lines.join(QLatin1Char('\n'));
}

} // namespace pal
