#include "FleetView.h"

#include "Accessibility.h"

#include "FleetRun.h"
#include "FleetTableModel.h"
#include "InlineMessage.h"
#include "Interaction.h"
#include "PartnerId.h"
#include "PlainText.h"
#include "StateStyle.h"
#include "Workspace.h"

#include <QComboBox>
#include <QDate>
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
} // namespace

FleetView::FleetView(const UiContext &ui, QWidget *parent)
    : QWidget(parent)
    , m_ui(ui)
{
    setObjectName(QStringLiteral("fleetView"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(24, 16, 24, 16);
    auto *title = new QLabel(tr("All directories"), this);
    styleTitle(title);
    layout->addWidget(title);
    auto *intro = new QLabel(tr("Check the partner link in every directory your account reaches, in one go. "
                                "Optionally name the partner ID you expect, to spot directories linked to another."),
                             this);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    auto *row = new QHBoxLayout;
    auto *expectedLabel = new QLabel(tr("&Expected partner ID (optional):"), this);
    m_expected = new QLineEdit(this);
    m_expected->setObjectName(QStringLiteral("expectedPartnerId"));
    m_expected->setAccessibleName(tr("Expected partner ID (optional)"));
    m_expected->setPlaceholderText(tr("e.g. 1234567"));
    m_expected->setMaximumWidth(140);
    expectedLabel->setBuddy(m_expected);
    m_start = new QPushButton(tr("&Verify all directories"), this);
    m_start->setObjectName(QStringLiteral("verifyAll"));
    m_start->setAccessibleName(tr("Verify all directories"));
    m_cancel = new QPushButton(tr("Cancel"), this);
    m_cancel->setObjectName(QStringLiteral("cancelVerifyAll"));
    m_cancel->setAccessibleName(tr("Cancel the verification"));
    m_exportCsv = new QPushButton(tr("Export &CSV…"), this);
    m_exportCsv->setObjectName(QStringLiteral("exportCsv"));
    m_exportCsv->setAccessibleName(tr("Export the report as CSV"));
    m_exportJson = new QPushButton(tr("Export &JSON…"), this);
    m_exportJson->setObjectName(QStringLiteral("exportJson"));
    m_exportJson->setAccessibleName(tr("Export the report as JSON"));
    row->addWidget(expectedLabel);
    row->addWidget(m_expected);
    row->addWidget(m_start);
    row->addWidget(m_cancel);
    row->addStretch(1);
    row->addWidget(m_exportCsv);
    row->addWidget(m_exportJson);
    layout->addLayout(row);

    auto *progressRow = new QHBoxLayout;
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("fleetProgress"));
    m_progress->setAccessibleName(tr("Directories verified"));
    m_progress->setFormat(tr("%v of %m"));
    m_summary = plainText(new QLabel(this));
    m_summary->setObjectName(QStringLiteral("fleetSummary"));
    auto *filterLabel = new QLabel(tr("&Show:"), this);
    m_filter = new QComboBox(this);
    m_filter->setObjectName(QStringLiteral("fleetFilter"));
    m_filter->setAccessibleName(tr("Show directories in this state"));
    filterLabel->setBuddy(m_filter);
    m_filter->addItem(tr("All directories"));
    m_filter->addItem(tr("Linked"), int(FleetCategory::Linked));
    m_filter->addItem(tr("Linked to another partner ID"), int(FleetCategory::LinkedToOther));
    m_filter->addItem(tr("Not linked"), int(FleetCategory::NotLinked));
    m_filter->addItem(tr("Sign-in needed"), int(FleetCategory::SignInNeeded));
    m_filter->addItem(tr("Could not be checked"), int(FleetCategory::Failed));
    progressRow->addWidget(m_progress, 1);
    progressRow->addWidget(m_summary, 2);
    progressRow->addWidget(filterLabel);
    progressRow->addWidget(m_filter);
    layout->addLayout(progressRow);

    m_model = new FleetTableModel(this);
    m_proxy = new FleetFilterModel(this);
    m_proxy->setSourceModel(m_model);
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
    layout->addWidget(m_table, 1);

    m_message = new InlineMessage(QStringLiteral("fleetMessage"), m_ui.interaction, this);
    layout->addWidget(m_message);

    connect(m_start, &QPushButton::clicked, this, &FleetView::verifyAll);
    connect(m_cancel, &QPushButton::clicked, this, [this] { m_run->cancel(); });
    connect(m_exportCsv, &QPushButton::clicked, this, [this] { exportReport(false); });
    connect(m_exportJson, &QPushButton::clicked, this, [this] { exportReport(true); });
    connect(m_filter, &QComboBox::currentIndexChanged, this, [this] {
        const QVariant category = m_filter->currentData();
        m_proxy->setCategory(category.isValid() ? std::optional(FleetCategory(category.toInt())) : std::nullopt);
    });

    connect(m_ui.workspace, &Workspace::accountChanged, this, [this] {
        newRun(); // the run's targets used the previous account's client, which is gone
        m_model->clear();
        m_progress->reset();
        m_summary->clear();
        m_message->clear();
        m_expected->setText(m_ui.workspace->expectedPartnerId()); // my partner ID (Settings), if set
        updateButtons();
    });
    connect(m_ui.workspace, &Workspace::directoriesChanged, this, &FleetView::updateButtons);
    newRun();
    updateButtons();
}

FleetView::~FleetView() = default;

void FleetView::newRun()
{
    m_run = std::make_unique<FleetRun>();
    m_run->setBatchInterval(BatchInterval);
    connect(m_run.get(), &FleetRun::progress, this, [this](int done, int total) {
        m_progress->setRange(0, total);
        m_progress->setValue(done);
    });
    connect(m_run.get(), &FleetRun::resultsArrived, this, [this](const QList<FleetResult> &batch) {
        m_model->append(batch);
        m_ui.workspace->recordVerifications(batch);
    });
    connect(m_run.get(), &FleetRun::finished, this, [this](const FleetSummary &summary) {
        showSummary(summary);
        updateButtons();
    });
}

bool FleetView::isRunning() const
{
    return m_run->isRunning();
}

void FleetView::updateButtons()
{
    const bool running = isRunning();
    const bool results = !m_run->results().isEmpty();
    const bool canStart = !running && m_ui.workspace->partners() && !m_ui.workspace->directories().isEmpty();
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
    m_exportCsv->setEnabled(!running && results);
    m_exportJson->setEnabled(!running && results);
}

void FleetView::verifyAll()
{
    ManagementPartnerClient *client = m_ui.workspace->partners();
    if (!client || isRunning())
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
    m_model->clear();
    const QList<Directory> directories = m_ui.workspace->directories();
    const QString account = m_ui.workspace->account() ? m_ui.workspace->account()->id : QString();
    m_progress->setRange(0, int(directories.size()));
    m_progress->setValue(0);
    m_summary->setText(tr("Verifying %n directories…", nullptr, int(directories.size())));
    m_run->start(FleetRun::targets(client, directories,
                                   expected.isEmpty() ? QString() : PartnerId::parse(expected)->toString(), account));
    updateButtons();
}

void FleetView::showSummary(const FleetSummary &s)
{
    QString text = tr("Done: %1 linked, %2 not linked, %3 could not be checked.")
                       .arg(s.linked)
                       .arg(s.notLinked)
                       .arg(s.signInNeeded + s.failed + s.cancelled);
    if (s.linkedToOther > 0)
        text += QLatin1Char(' ') + tr("%n linked to another partner ID.", nullptr, s.linkedToOther);
    m_summary->setText(text);
    m_summary->setAccessibleName(text);
}

void FleetView::exportReport(bool json)
{
    if (m_run->results().isEmpty())
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
    if (const Expected<Done> written = m_run->writeReport(path); !written) {
        m_message->showError(written.error());
        return;
    }
    m_message->showSuccess(tr("Report saved to %1.").arg(path));
}

} // namespace pal
