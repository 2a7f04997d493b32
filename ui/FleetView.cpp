#include "FleetView.h"

#include "Accessibility.h"
#include "DesktopNotifier.h"
#include "FleetAttribution.h"
#include "FleetAttributionRunner.h"

#include "AccountManager.h"
#include "AppConfig.h"
#include "BoundedRead.h"
#include "CheckRegistry.h"
#include "FleetCheck.h"
#include "FleetRun.h"
#include "FleetTableModel.h"
#include "FleetWatch.h"
#include "InlineMessage.h"
#include "Interaction.h"
#include "Inventory.h"
#include "Limits.h"
#include "PartnerId.h"
#include "PlainText.h"
#include "PrivateFile.h"
#include "StateStyle.h"
#include "Workspace.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDate>
#include <QFile>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace pal {

namespace {
// A burst of answers becomes one batch of rows at most this often: thousands of rows stay smooth.
constexpr std::chrono::milliseconds BatchInterval{100};

QPushButton *button(const QString &text, const char *name, const QString &accessible, QWidget *parent)
{
    auto *b = new QPushButton(text, parent);
    b->setObjectName(QLatin1String(name));
    b->setAccessibleName(accessible);
    return b;
}
} // namespace

FleetView::FleetView(const UiContext &ui, QWidget *parent)
    : QWidget(parent)
    , m_ui(ui)
    , m_watch(
          new FleetWatch(ui.workspace->network(), ui.accounts, ui.config, ui.workspace->retryPolicy(), ui.clock, this))
{
    // The fleet checks each account on the services the workspace uses too: one ARM session each.
    m_watch->check().setSessions(ui.workspace->sessions());
    setObjectName(QStringLiteral("fleetView"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(24, 16, 24, 16);
    auto *title = new QLabel(tr("All directories"), this);
    styleTitle(title);
    layout->addWidget(title);
    auto *intro = new QLabel(tr("Check the partner link in every directory each signed-in account reaches, in one go, "
                                "against your inventory: who should be linked where, to which partner ID."),
                             this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    buildToolbars(layout);

    m_banner = new InlineMessage(QStringLiteral("fleetWatchBanner"), m_ui.interaction, this);
    layout->addWidget(m_banner);

    m_model = new FleetTableModel(this);
    m_proxy = new FleetFilterModel(this);
    m_proxy->setSourceModel(m_model);
    m_attribution = new FleetAttribution(m_model, this);
    // The app hands the network for reads beyond ARM and the registered checks; without them, no column.
    if (DirectoryCheck *check =
            m_ui.network && m_ui.checks ? m_ui.checks->find(QStringLiteral("attribution")) : nullptr)
        m_attribution->setRunner((new FleetAttributionRunner(check, m_ui.accounts, m_ui.workspace, this))->runner());
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("fleetTable"));
    nameScrollArea(m_table, tr("Verification results"));
    m_table->setTabKeyNavigation(false); // Tab leaves the table; the arrow keys move inside it
    showFocusFrame(m_table);
    m_table->setModel(m_proxy);
    m_table->setWordWrap(false);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(-1, Qt::AscendingOrder); // arrival order until the user sorts
    // Fixed row heights and column widths: nothing is measured per row, whatever the row count.
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    m_table->horizontalHeader()->setStretchLastSection(true);
    for (int c = 0; c < FleetTableModel::ColumnCount; ++c)
        m_table->setColumnWidth(c, FleetTableModel::defaultWidth(c));
    m_table->setColumnHidden(FleetTableModel::Attribution, true); // optional: the check reads a lot
    layout->addWidget(m_table, 1);

    m_message = new InlineMessage(QStringLiteral("fleetMessage"), m_ui.interaction, this);
    layout->addWidget(m_message);

    connect(m_start, &QPushButton::clicked, this, &FleetView::verifyAll);
    connect(m_cancel, &QPushButton::clicked, this, [this] { m_watch->check().cancel(); });
    connect(m_exportCsv, &QPushButton::clicked, this, [this] { exportReport(false); });
    connect(m_exportJson, &QPushButton::clicked, this, [this] { exportReport(true); });
    connect(m_importInventory, &QPushButton::clicked, this, &FleetView::importInventory);
    connect(m_showAttribution, &QCheckBox::toggled, this, [this](bool on) {
        m_table->setColumnHidden(FleetTableModel::Attribution, !on);
        m_attribution->setEnabled(on);
    });
    connect(m_exportInventory, &QPushButton::clicked, this, &FleetView::exportInventory);
    connect(m_filter, &QComboBox::currentIndexChanged, this, [this] {
        QSet<FleetFinding> findings;
        for (const QVariant &v : m_filter->currentData().toList())
            findings.insert(FleetFinding(v.toInt()));
        m_proxy->setFindings(findings);
    });
    connect(m_ui.workspace, &Workspace::accountChanged, this, [this] {
        m_expected->setText(m_ui.workspace->expectedPartnerId()); // my partner ID (Settings), if set
        updateButtons();
    });
    connect(m_ui.workspace, &Workspace::directoriesChanged, this, &FleetView::updateButtons);
    // A sign-out takes its account's tokens away: a check using them stops.
    connect(m_ui.accounts, &AccountManager::accountsChanged, this, [this] {
        if (isRunning())
            m_watch->check().cancel();
        updateButtons();
    });
    connectWatch();
    updateAttributionToggle();
    updateInventoryLabel();
    updateButtons();
    m_watch->start();
}

FleetView::~FleetView() = default;

void FleetView::buildToolbars(QVBoxLayout *layout)
{
    auto *row = new QHBoxLayout;
    auto *expectedLabel = new QLabel(tr("&Expected partner ID:"), this);
    m_expected = new QLineEdit(this);
    m_expected->setObjectName(QStringLiteral("expectedPartnerId"));
    m_expected->setAccessibleName(tr("Expected partner ID, where the inventory names none (optional)"));
    m_expected->setToolTip(tr("Where the inventory names no partner ID for a directory, this one is expected "
                              "(optional)."));
    m_expected->setPlaceholderText(tr("e.g. 1234567"));
    m_expected->setMaximumWidth(140);
    expectedLabel->setBuddy(m_expected);
    m_start = button(tr("&Verify all directories"), "verifyAll", tr("Verify all directories"), this);
    m_cancel = button(tr("Cancel"), "cancelVerifyAll", tr("Cancel the verification"), this);
    m_exportCsv = button(tr("Export &CSV…"), "exportCsv", tr("Export the report as CSV"), this);
    m_exportJson = button(tr("Export &JSON…"), "exportJson", tr("Export the report as JSON"), this);
    row->addWidget(expectedLabel);
    row->addWidget(m_expected);
    row->addWidget(m_start);
    row->addWidget(m_cancel);
    row->addStretch(1);
    row->addWidget(m_exportCsv);
    row->addWidget(m_exportJson);
    layout->addLayout(row);

    auto *inventoryRow = new QHBoxLayout;
    m_inventory = plainText(new QLabel(this));
    m_inventory->setObjectName(QStringLiteral("inventorySummary"));
    m_importInventory = button(tr("&Import inventory…"), "importInventory", tr("Import the inventory from CSV"), this);
    m_exportInventory = button(tr("Export inventor&y…"), "exportInventory", tr("Export the inventory as CSV"), this);
    m_watchStatus = plainText(new QLabel(this));
    m_watchStatus->setObjectName(QStringLiteral("watchStatus"));
    inventoryRow->addWidget(m_inventory);
    inventoryRow->addWidget(m_importInventory);
    inventoryRow->addWidget(m_exportInventory);
    m_showAttribution = new QCheckBox(tr("&Attribution column"), this);
    m_showAttribution->setObjectName(QStringLiteral("showAttribution"));
    m_showAttribution->setAccessibleName(tr("Show the attribution column"));
    inventoryRow->addWidget(m_showAttribution);
    inventoryRow->addStretch(1);
    inventoryRow->addWidget(m_watchStatus);
    layout->addLayout(inventoryRow);

    auto *progressRow = new QHBoxLayout;
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("fleetProgress"));
    m_progress->setAccessibleName(tr("Directories verified"));
    m_progress->setFormat(tr("%v of %m"));
    m_summary = plainText(new QLabel(this));
    m_summary->setObjectName(QStringLiteral("fleetSummary"));
    m_summary->setWordWrap(true);
    auto *filterLabel = new QLabel(tr("&Show:"), this);
    m_filter = new QComboBox(this);
    m_filter->setObjectName(QStringLiteral("fleetFilter"));
    m_filter->setAccessibleName(tr("Show directories in this state"));
    filterLabel->setBuddy(m_filter);
    const auto add = [this](const QString &text, const QSet<FleetFinding> &findings) {
        QVariantList data;
        for (FleetFinding f : findings)
            data << int(f);
        m_filter->addItem(text, data);
    };
    add(tr("All directories"), {});
    add(tr("Problems"), FleetFilterModel::problems());
    add(tr("Linked as expected"), {FleetFinding::LinkedAsExpected});
    add(tr("Linked to another partner ID"), {FleetFinding::LinkedToOther});
    add(tr("Not linked"), {FleetFinding::NotLinked});
    add(tr("Identity not signed in"), {FleetFinding::NotSignedIn});
    add(tr("Directory not reachable"), {FleetFinding::NotReachable});
    add(tr("Sign-in needed"), {FleetFinding::SignInNeeded});
    add(tr("Could not be checked"), {FleetFinding::Failed});
    progressRow->addWidget(m_progress, 1);
    progressRow->addWidget(m_summary, 2);
    progressRow->addWidget(filterLabel);
    progressRow->addWidget(m_filter);
    layout->addLayout(progressRow);
}

void FleetView::connectWatch()
{
    FleetCheck *check = &m_watch->check();
    check->setBatchInterval(BatchInterval);
    // The field where filled in, else each account's own "my partner ID" (Settings).
    m_watch->setExpectation([this](const QString &accountId) {
        const QString typed = expectedPartnerId();
        return typed.isEmpty() && m_ui.config ? m_ui.config->partnerIdFor(accountId) : typed;
    });
    m_watch->setCloud([this] { return m_ui.workspace->cloud(); });
    connect(check, &FleetCheck::progress, this, [this](int done, int total) {
        m_progress->setRange(0, total);
        m_progress->setValue(done);
    });
    connect(check, &FleetCheck::listed, this, [this](int accounts, const QList<ListingFailure> &failures) {
        m_summary->setText(tr("Verifying the directories of %n account(s)…", nullptr, accounts));
        if (!failures.isEmpty())
            m_message->showError(
                failures.first().error,
                tr("The directories of %1 could not be listed.").arg(failures.first().account.username));
    });
    connect(check, &FleetCheck::resultsArrived, this, [this](const QList<FleetResult> &batch) {
        m_model->append(batch);
        m_attribution->rowsAdded(batch);
        // The directory switcher shows the open account's own links.
        const QString open = m_ui.workspace->account() ? m_ui.workspace->account()->id : QString();
        QList<FleetResult> mine;
        for (const FleetResult &r : batch)
            if (r.accountId == open && r.reach == FleetReach::Checked)
                mine.append(r);
        if (!mine.isEmpty())
            m_ui.workspace->recordVerifications(mine);
    });
    connect(check, &FleetCheck::finished, this, &FleetView::updateButtons);
    connect(m_watch, &FleetWatch::checkStarted, this, [this](bool scheduled) {
        m_attribution->reset();
        m_model->clear();
        m_model->setChanges({});
        m_progress->setRange(0, 0);
        m_summary->setText(scheduled ? tr("Scheduled check: listing the directories…")
                                     : tr("Listing the directories of the signed-in accounts…"));
        updateButtons();
    });
    // After the check's own finished(): the watch has compared it with the one before.
    connect(m_watch, &FleetWatch::checked, this, [this](const QList<FleetChange> &changes) {
        showSummary(m_watch->check().run().summary());
        m_model->setChanges(changes);
        if (m_model->changedCount() > 0) {
            const QString more = tr("%n changed since the last check.", nullptr, m_model->changedCount());
            m_summary->setText(m_summary->text() + QLatin1Char(' ') + more);
            m_summary->setAccessibleName(m_summary->text());
        }
        updateWatchStatus();
    });
    connect(m_watch, &FleetWatch::linksLost, this, &FleetView::showLostLinks);
    connect(m_watch, &FleetWatch::scheduleChanged, this, &FleetView::updateWatchStatus);
    connect(m_watch, &FleetWatch::stateNotSaved, this, [this](const AzureError &error) {
        m_message->showError(error, tr("The results could not be kept for the next comparison."));
    });
}

void FleetView::updateAttributionToggle()
{
    const bool available = m_attribution->isAvailable();
    m_showAttribution->setEnabled(available);
    m_showAttribution->setToolTip(available ? tr("Per directory, whether the Power Apps, flows and datasets there are "
                                                 "credited to the identity that checked it (reads each product).")
                                            : tr("The attribution check is not available in this build."));
}

QString FleetView::expectedPartnerId() const
{
    const auto id = PartnerId::parse(m_expected->text());
    return id ? id.value().toString() : QString();
}

bool FleetView::isRunning() const
{
    return m_watch->isChecking();
}

void FleetView::updateButtons()
{
    const bool running = isRunning();
    const bool results = !m_watch->check().run().results().isEmpty() && !m_watch->check().run().isRunning();
    const bool canStart = !running && m_ui.workspace->hasAccount();
    // A focused button that gets disabled drops the focus onto whatever follows in the window (the
    // navigation list, here): enable the one that takes over first and hand the focus to it.
    QPushButton *leaving = running ? m_start : m_cancel;
    QPushButton *takingOver = running ? m_cancel : m_start;
    const bool handOver = leaving->hasFocus();
    takingOver->setEnabled(running || canStart);
    if (handOver && takingOver->isEnabled())
        takingOver->setFocus(Qt::OtherFocusReason);
    leaving->setEnabled(false);
    m_expected->setEnabled(!running);
    m_importInventory->setEnabled(!running);
    m_exportCsv->setEnabled(!running && results);
    m_exportJson->setEnabled(!running && results);
}

void FleetView::verifyAll()
{
    if (isRunning())
        return;
    const QString expected = m_expected->text().trimmed();
    if (!expected.isEmpty()) {
        if (const QString problem = PartnerId::problem(expected); !problem.isEmpty()) {
            m_message->showError(AzureError::make(AzureError::Kind::InvalidInput, problem),
                                 tr("The expected partner ID is not valid."));
            return;
        }
    }
    m_message->clear();
    if (!m_watch->checkNow())
        m_message->showWarning(tr("Sign in first: there is no account to verify directories with."));
}

void FleetView::showSummary(const FleetSummary &s)
{
    QString text = tr("Done: %1 linked as expected, %2 not linked, %3 could not be checked.")
                       .arg(s.linked)
                       .arg(s.notLinked)
                       .arg(s.signInNeeded + s.failed + s.cancelled);
    if (s.linkedToOther > 0)
        text += QLatin1Char(' ') + tr("%n linked to another partner ID.", nullptr, s.linkedToOther);
    if (s.notSignedIn > 0)
        text += QLatin1Char(' ') + tr("%n with an identity not signed in.", nullptr, s.notSignedIn);
    if (s.notReachable > 0)
        text += QLatin1Char(' ') + tr("%n not reachable.", nullptr, s.notReachable);
    m_summary->setText(text);
    m_summary->setAccessibleName(text);
}

void FleetView::showLostLinks(const QList<FleetChange> &lost)
{
    QStringList names;
    for (const FleetChange &c : lost)
        names << (c.displayName.isEmpty() ? c.tenantId : c.displayName);
    const QString title = tr("%n partner link(s) changed", nullptr, int(lost.size()));
    const QString text = tr("Since the last check, the partner link disappeared or points to another partner ID in: "
                            "%1. Open All directories to see them.")
                             .arg(names.join(QStringLiteral(", ")));
    if (m_ui.notifier && m_ui.notifier->isAvailable())
        m_ui.notifier->notify(title, text);
    else
        m_banner->showWarning(text);
}

void FleetView::updateInventoryLabel()
{
    const auto rows = m_watch->inventory().load();
    m_inventory->setText(rows ? tr("Inventory: %n row(s)", nullptr, int(rows.value().size()))
                              : tr("Inventory: damaged (import it again)"));
    m_exportInventory->setEnabled(rows && !rows.value().isEmpty());
}

void FleetView::updateWatchStatus()
{
    const WatchInterval interval = m_watch->interval();
    QString text = interval == WatchInterval::Off
                       ? tr("Automatic check: off (Settings)")
                       : tr("Automatic check: %1").arg(interval == WatchInterval::Hourly ? tr("hourly") : tr("daily"));
    if (m_watch->lastRun().isValid())
        text += QStringLiteral(" · ") +
                tr("last %1").arg(QLocale().toString(m_watch->lastRun().toLocalTime(), QLocale::ShortFormat));
    if (const auto next = m_watch->nextRun(); next && interval != WatchInterval::Off)
        text +=
            QStringLiteral(" · ") + tr("next %1").arg(QLocale().toString(next->toLocalTime(), QLocale::ShortFormat));
    m_watchStatus->setText(text);
}

void FleetView::exportReport(bool json)
{
    const QList<FleetResult> &results = m_watch->check().run().results();
    if (results.isEmpty())
        return;
    const QString suggested =
        QStringLiteral("partner-links-%1.%2")
            .arg(QDate::currentDate().toString(Qt::ISODate), json ? QStringLiteral("json") : QStringLiteral("csv"));
    QString path = m_ui.interaction->saveFileName(this, tr("Export the report"), suggested,
                                                  json ? tr("JSON (*.json)") : tr("CSV (*.csv)"));
    if (path.isEmpty())
        return;
    // The format is the button's; a name typed without (or with another) suffix gets it.
    const QString suffix = json ? QStringLiteral(".json") : QStringLiteral(".csv");
    if (!path.endsWith(suffix, Qt::CaseInsensitive))
        path += suffix;
    if (const Expected<Done> written = m_watch->check().run().writeReport(path); !written) {
        m_message->showError(written.error());
        return;
    }
    m_message->showSuccess(tr("Report saved to %1.").arg(path));
}

void FleetView::importInventory()
{
    const QString path = m_ui.interaction->openFileName(this, tr("Import an inventory"), tr("CSV (*.csv)"));
    if (path.isEmpty())
        return;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        m_message->showError(
            AzureError::make(AzureError::Kind::InvalidInput, tr("Cannot read %1: %2.").arg(path, file.errorString())));
        return;
    }
    // Names resolve against what the accounts list: the open account's directories and whatever
    // the last check listed for every account.
    QList<Directory> known = m_ui.workspace->directories();
    known << m_watch->check().listedDirectories();
    const auto csv = readAtMost(file, limits::MaxInventoryCsvBytes, path);
    if (!csv) {
        m_message->showError(csv.error(), tr("Nothing was imported."));
        return;
    }
    const auto rows = Inventory::parseCsv(csv.value(), known);
    if (!rows) {
        QStringList lines;
        for (const InventoryProblem &p : rows.error().mid(0, 5))
            lines << tr("line %1: %2").arg(p.line).arg(p.message);
        if (rows.error().size() > 5)
            lines << tr("and %n more", nullptr, int(rows.error().size() - 5));
        m_message->showError(AzureError::make(AzureError::Kind::InvalidInput, lines.join(QStringLiteral("; "))),
                             tr("Nothing was imported: %n row(s) are invalid.", nullptr, int(rows.error().size())));
        return;
    }
    if (const auto saved = m_watch->inventory().save(rows.value()); !saved) {
        m_message->showError(saved.error(), tr("The inventory could not be saved."));
        return;
    }
    updateInventoryLabel();
    m_message->showSuccess(
        tr("Imported %n inventory row(s). Verify all directories to check them.", nullptr, int(rows.value().size())));
}

void FleetView::exportInventory()
{
    const auto rows = m_watch->inventory().load();
    if (!rows) {
        m_message->showError(rows.error());
        return;
    }
    QString path = m_ui.interaction->saveFileName(this, tr("Export the inventory"), QStringLiteral("inventory.csv"),
                                                  tr("CSV (*.csv)"));
    if (path.isEmpty())
        return;
    if (!path.endsWith(QStringLiteral(".csv"), Qt::CaseInsensitive))
        path += QStringLiteral(".csv");
    // Tenants and user names: for the user's eyes only (0600).
    if (const auto written = writePrivateFile(path, Inventory::toCsv(rows.value())); !written) {
        m_message->showError(
            AzureError::make(AzureError::Kind::InvalidInput, tr("Could not write %1: %2").arg(path, written.error())));
        return;
    }
    m_message->showSuccess(tr("Inventory saved to %1.").arg(path));
}

} // namespace pal
