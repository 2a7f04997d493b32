#include "SignInPage.h"

#include "Accessibility.h"
#include "AccountManager.h"
#include "AppConfig.h"
#include "InlineMessage.h"
#include "Interaction.h"
#include "PlainText.h"
#include "StateStyle.h"
#include "UiLogging.h"
#include "ValueLabel.h"

#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QScrollArea>
#include <QVBoxLayout>

namespace pal {

namespace {

QPushButton *button(const QString &text, const QString &name, const QString &accessible, QWidget *parent)
{
    auto *b = new QPushButton(text, parent);
    b->setObjectName(name);
    b->setAccessibleName(accessible);
    return b;
}

QLineEdit *field(const QString &name, const QString &accessible, const QString &placeholder, QWidget *parent)
{
    auto *e = new QLineEdit(parent);
    e->setObjectName(name);
    e->setAccessibleName(accessible);
    e->setPlaceholderText(placeholder);
    return e;
}

} // namespace

SignInPage::SignInPage(const UiContext &ui, QWidget *parent)
    : QWidget(parent)
    , m_ui(ui)
{
    setObjectName(QStringLiteral("signInPage"));
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    nameScrollArea(scroll, tr("Sign in"));
    scroll->setFocusPolicy(Qt::NoFocus); // a Tab stop that shows nothing; a focused field scrolls into view
    outer->addWidget(scroll);
    auto *content = new QWidget(scroll);
    scroll->setWidget(content);
    auto *layout = new QVBoxLayout(content);
    layout->setContentsMargins(24, 16, 24, 16);

    auto *title = new QLabel(tr("Sign in"), content);
    styleTitle(title);
    layout->addWidget(title);
    auto *intro = new QLabel(tr("Sign in to the directory where you work for a customer, with the account you use "
                                "there. You can reach every directory that account belongs to after one sign-in."),
                             content);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    layout->addWidget(buildAccounts());
    layout->addWidget(buildChoices());
    layout->addWidget(buildDeviceCode());
    layout->addWidget(buildServicePrincipal());

    m_progress = new QWidget(content);
    m_progress->setObjectName(QStringLiteral("signInProgress"));
    auto *progressLayout = new QHBoxLayout(m_progress);
    progressLayout->setContentsMargins(0, 0, 0, 0);
    auto *bar = new QProgressBar(m_progress);
    bar->setRange(0, 0);
    bar->setMaximumWidth(160);
    bar->setAccessibleName(tr("Signing in"));
    m_status = plainText(new QLabel(m_progress));
    m_status->setObjectName(QStringLiteral("signInStatus"));
    m_cancel = button(tr("Cancel"), QStringLiteral("cancelSignIn"), tr("Cancel the sign-in"), m_progress);
    progressLayout->addWidget(bar);
    progressLayout->addWidget(m_status, 1);
    progressLayout->addWidget(m_cancel);
    m_progress->hide();
    layout->addWidget(m_progress);
    connect(m_cancel, &QPushButton::clicked, this, [this] { m_call.cancel(); });

    m_message = new InlineMessage(QStringLiteral("signInMessage"), m_ui.interaction, content);
    layout->addWidget(m_message);
    layout->addStretch(1);

    refresh();
}

QWidget *SignInPage::buildAccounts()
{
    m_accountsBox = new QGroupBox(tr("Continue with an account you signed in with before"), this);
    m_accountsBox->setObjectName(QStringLiteral("existingAccountsBox"));
    auto *layout = new QHBoxLayout(m_accountsBox);
    m_accounts = new QListWidget(m_accountsBox);
    m_accounts->setObjectName(QStringLiteral("existingAccounts"));
    nameScrollArea(m_accounts, tr("Accounts already signed in"));
    showFocusFrame(m_accounts);
    m_continue = button(tr("Continue"), QStringLiteral("continueButton"), tr("Continue with the selected account"),
                        m_accountsBox);
    layout->addWidget(m_accounts, 1);
    layout->addWidget(m_continue, 0, Qt::AlignTop);
    auto choose = [this] {
        if (QListWidgetItem *item = m_accounts->currentItem())
            Q_EMIT accountChosen(item->data(Qt::UserRole).toString());
    };
    connect(m_continue, &QPushButton::clicked, this, choose);
    connect(m_accounts, &QListWidget::itemActivated, this, choose);
    return m_accountsBox;
}

QWidget *SignInPage::buildChoices()
{
    auto *box = new QGroupBox(tr("Sign in with a new account"), this);
    auto *layout = new QVBoxLayout(box);
    auto *form = new QFormLayout;
    m_cloud = new QComboBox(box);
    m_cloud->setObjectName(QStringLiteral("cloudChooser"));
    m_cloud->setAccessibleName(tr("Cloud"));
    form->addRow(tr("&Cloud:"), m_cloud);
    m_tenant = field(QStringLiteral("tenantField"), tr("Directory to sign in to"),
                     tr("Any directory (organizations), or a directory ID or domain"), box);
    form->addRow(tr("&Directory:"), m_tenant);
    layout->addLayout(form);
    connect(m_cloud, &QComboBox::activated, this, [this](int) {
        // The choice holds for this session either way; a failed save is said, not swallowed.
        if (m_ui.config->setCurrentCloud(m_cloud->currentData().toString()))
            if (const Expected<Done> saved = m_ui.config->save(); !saved)
                m_message->showError(saved.error(), tr("The cloud was not saved as the default."));
    });

    auto *row = new QHBoxLayout;
    m_browser =
        button(tr("Sign in with a browser"), QStringLiteral("signInBrowser"), tr("Sign in with a browser"), box);
    m_browser->setDefault(true);
    m_deviceCodeButton =
        button(tr("Use a device code"), QStringLiteral("signInDeviceCode"), tr("Sign in with a device code"), box);
    m_spToggle = button(tr("Service principal…"), QStringLiteral("showServicePrincipal"),
                        tr("Sign in as a service principal"), box);
    m_spToggle->setCheckable(true);
    row->addWidget(m_browser);
    row->addWidget(m_deviceCodeButton);
    row->addWidget(m_spToggle);
    row->addStretch(1);
    layout->addLayout(row);
    connect(m_browser, &QPushButton::clicked, this, &SignInPage::signInWithBrowser);
    connect(m_deviceCodeButton, &QPushButton::clicked, this, &SignInPage::signInWithDeviceCode);
    connect(m_spToggle, &QPushButton::toggled, this, [this](bool on) {
        m_spPanel->setVisible(on);
        if (on)
            m_spClientId->setFocus();
    });

    auto *sandboxRow = new QHBoxLayout;
    m_sandbox = button(tr("Try the sandbox"), QStringLiteral("trySandbox"),
                       tr("Try PAL Desk with the built-in sandbox cloud"), box);
    auto *sandboxNote = new QLabel(tr("No Azure account? The sandbox is a pretend cloud running inside PAL Desk, "
                                      "with sample directories and partner IDs. Nothing you do there reaches Azure."),
                                   box);
    sandboxNote->setWordWrap(true);
    sandboxRow->addWidget(m_sandbox, 0, Qt::AlignTop);
    sandboxRow->addWidget(sandboxNote, 1);
    layout->addLayout(sandboxRow);
    m_sandbox->setVisible(bool(m_ui.startSandbox));
    sandboxNote->setVisible(bool(m_ui.startSandbox));
    connect(m_sandbox, &QPushButton::clicked, this, &SignInPage::startSandbox);
    return box;
}

QWidget *SignInPage::buildDeviceCode()
{
    m_deviceCodePanel = new QGroupBox(tr("Device code"), this);
    m_deviceCodePanel->setObjectName(QStringLiteral("deviceCodePanel"));
    auto *layout = new QVBoxLayout(m_deviceCodePanel);
    // Reachable with Tab; Ctrl+C copies the sign-in page's address.
    m_deviceCodeText = new ValueLabel(QStringLiteral("deviceCodeInstructions"), tr("Device sign-in instructions"),
                                      m_ui.interaction, m_deviceCodePanel);
    m_deviceCodeText->setWordWrap(true);
    layout->addWidget(m_deviceCodeText);
    auto *row = new QHBoxLayout;
    m_deviceCode = field(QStringLiteral("deviceCode"), tr("Device code to enter"), {}, m_deviceCodePanel);
    m_deviceCode->setReadOnly(true);
    QFont big = m_deviceCode->font();
    big.setPointSizeF(big.pointSizeF() * 1.6);
    big.setBold(true);
    big.setLetterSpacing(QFont::PercentageSpacing, 115);
    m_deviceCode->setFont(big);
    m_deviceCode->setMaximumWidth(260);
    auto *copy =
        button(tr("Copy code"), QStringLiteral("copyDeviceCode"), tr("Copy the device code"), m_deviceCodePanel);
    m_openVerification = button(tr("Open the sign-in page"), QStringLiteral("openVerificationPage"),
                                tr("Open the device sign-in page in a browser"), m_deviceCodePanel);
    row->addWidget(m_deviceCode);
    row->addWidget(copy);
    row->addWidget(m_openVerification);
    row->addStretch(1);
    layout->addLayout(row);
    connect(copy, &QPushButton::clicked, this, [this] { m_ui.interaction->copyToClipboard(m_deviceCode->text()); });
    connect(m_openVerification, &QPushButton::clicked, this, [this] { m_ui.interaction->openUrl(m_verificationUri); });
    m_deviceCodePanel->hide();
    return m_deviceCodePanel;
}

QWidget *SignInPage::buildServicePrincipal()
{
    m_spPanel = new QGroupBox(tr("Service principal"), this);
    m_spPanel->setObjectName(QStringLiteral("servicePrincipalPanel"));
    auto *form = new QFormLayout(m_spPanel);
    m_spClientId = field(QStringLiteral("spClientId"), tr("Application (client) ID"),
                         tr("00000000-0000-0000-0000-000000000000"), m_spPanel);
    form->addRow(tr("Application (client) &ID:"), m_spClientId);
    m_spTenant = field(QStringLiteral("spTenant"), tr("Directory (tenant) ID or domain"),
                       tr("contoso.onmicrosoft.com or a directory ID"), m_spPanel);
    form->addRow(tr("Di&rectory:"), m_spTenant);

    auto *kindRow = new QHBoxLayout;
    m_spUseSecret = new QRadioButton(tr("Client &secret"), m_spPanel);
    m_spUseSecret->setObjectName(QStringLiteral("spUseSecret"));
    m_spUseSecret->setChecked(true);
    m_spUseCertificate = new QRadioButton(tr("C&ertificate"), m_spPanel);
    m_spUseCertificate->setObjectName(QStringLiteral("spUseCertificate"));
    kindRow->addWidget(m_spUseSecret);
    kindRow->addWidget(m_spUseCertificate);
    kindRow->addStretch(1);
    form->addRow(tr("Credential:"), kindRow);

    m_spSecret = field(QStringLiteral("spSecret"), tr("Client secret"), {}, m_spPanel);
    m_spSecret->setEchoMode(QLineEdit::Password);
    form->addRow(tr("Secret:"), m_spSecret);
    auto *certRow = new QHBoxLayout;
    m_spCertificate =
        field(QStringLiteral("spCertificatePath"), tr("Certificate file"), tr("PEM or PKCS#12 (.pfx) file"), m_spPanel);
    m_spBrowse = button(tr("Browse…"), QStringLiteral("spBrowse"), tr("Choose the certificate file"), m_spPanel);
    certRow->addWidget(m_spCertificate, 1);
    certRow->addWidget(m_spBrowse);
    form->addRow(tr("Certificate:"), certRow);
    m_spCertificatePassword = field(QStringLiteral("spCertificatePassword"), tr("Certificate password"),
                                    tr("Only for a protected PKCS#12 file"), m_spPanel);
    m_spCertificatePassword->setEchoMode(QLineEdit::Password);
    form->addRow(tr("Password:"), m_spCertificatePassword);
    m_spSignIn = button(tr("Sign in as service principal"), QStringLiteral("spSignIn"),
                        tr("Sign in as the service principal"), m_spPanel);
    form->addRow(QString(), m_spSignIn);

    for (QLineEdit *e : {m_spClientId, m_spTenant, m_spSecret, m_spCertificate})
        connect(e, &QLineEdit::textChanged, this, &SignInPage::updateServicePrincipalForm);
    connect(m_spUseSecret, &QRadioButton::toggled, this, &SignInPage::updateServicePrincipalForm);
    connect(m_spBrowse, &QPushButton::clicked, this, [this] {
        const QString path = m_ui.interaction->openFileName(
            this, tr("Choose the certificate"), tr("Certificates (*.pem *.crt *.pfx *.p12);;All files (*)"));
        if (!path.isEmpty())
            m_spCertificate->setText(path);
    });
    connect(m_spSignIn, &QPushButton::clicked, this, &SignInPage::signInAsServicePrincipal);
    m_spPanel->hide();
    updateServicePrincipalForm();
    return m_spPanel;
}

void SignInPage::updateServicePrincipalForm()
{
    const bool secret = m_spUseSecret->isChecked();
    m_spSecret->setEnabled(secret);
    m_spCertificate->setEnabled(!secret);
    m_spBrowse->setEnabled(!secret);
    m_spCertificatePassword->setEnabled(!secret);
    const bool ready = !m_spClientId->text().trimmed().isEmpty() && !m_spTenant->text().trimmed().isEmpty() &&
                       (secret ? !m_spSecret->text().trimmed().isEmpty() : !m_spCertificate->text().isEmpty());
    m_spSignIn->setEnabled(ready && !isBusy());
}

void SignInPage::refresh()
{
    m_accounts->clear();
    for (const Account &account : m_ui.accounts->accounts()) {
        if (!m_ui.config->cloud(account.cloudName))
            continue; // its cloud is gone (e.g. an old sandbox): nothing to continue with
        const QString kind = account.isServicePrincipal() ? tr("service principal") : tr("user");
        auto *item =
            new QListWidgetItem(tr("%1  (%2, %3 cloud)").arg(account.username, kind, account.cloudName), m_accounts);
        item->setData(Qt::UserRole, account.id);
    }
    if (m_accounts->count() > 0)
        m_accounts->setCurrentRow(0);
    m_accounts->setFixedHeight(qBound(40, m_accounts->count() * 26 + 10, 120));
    m_accountsBox->setVisible(m_accounts->count() > 0);

    const QString current = m_cloud->currentData().toString();
    m_cloud->clear();
    for (const CloudEnvironment &cloud : m_ui.config->clouds())
        m_cloud->addItem(cloud.builtIn ? cloud.name : tr("%1 (custom)").arg(cloud.name), cloud.name);
    const int index = m_cloud->findData(current.isEmpty() ? m_ui.config->currentCloudName() : current);
    m_cloud->setCurrentIndex(index < 0 ? 0 : index);
}

void SignInPage::prepareDirectorySignIn(const QString &cloudName, const QString &tenantId, const QString &reason)
{
    refresh();
    const int index = m_cloud->findData(cloudName);
    if (index >= 0)
        m_cloud->setCurrentIndex(index);
    m_tenant->setText(tenantId);
    m_message->showWarning(reason);
    m_browser->setFocus();
}

std::optional<SignInOptions> SignInPage::options(const QString &tenant)
{
    const std::optional<CloudEnvironment> cloud = m_ui.config->cloud(m_cloud->currentData().toString());
    if (!cloud) {
        m_message->showError(AzureError::make(AzureError::Kind::InvalidInput, tr("Choose a cloud first.")));
        return std::nullopt;
    }
    SignInOptions options;
    options.cloud = *cloud;
    if (!tenant.trimmed().isEmpty())
        options.tenant = tenant.trimmed();
    options.clientId = m_ui.config->clientId();
    return options;
}

void SignInPage::begin(const QString &status)
{
    m_busy = true;
    m_message->clear();
    m_status->setText(status);
    m_progress->show();
    for (QWidget *w :
         {static_cast<QWidget *>(m_browser), static_cast<QWidget *>(m_deviceCodeButton),
          static_cast<QWidget *>(m_sandbox), static_cast<QWidget *>(m_continue), static_cast<QWidget *>(m_spSignIn)})
        w->setEnabled(false);
    m_cancel->setFocus();
}

void SignInPage::finish(const Expected<Account> &result, const QString &tenant)
{
    m_busy = false;
    m_call = {};
    m_progress->hide();
    m_deviceCodePanel->hide();
    for (QWidget *w : {static_cast<QWidget *>(m_browser), static_cast<QWidget *>(m_deviceCodeButton),
                       static_cast<QWidget *>(m_sandbox), static_cast<QWidget *>(m_continue)})
        w->setEnabled(true);
    updateServicePrincipalForm();
    if (!result) {
        if (result.error().kind == AzureError::Kind::Cancelled)
            m_message->showInfo(tr("Sign-in cancelled."));
        else
            m_message->showError(result.error(), tr("Sign-in failed."));
        return;
    }
    qCInfo(lcUi) << "signed in";
    m_spSecret->clear();
    m_spCertificatePassword->clear();
    m_tenant->clear();
    refresh();
    Q_EMIT signedIn(result.value(), tenant);
}

void SignInPage::signInWithBrowser()
{
    if (isBusy())
        return;
    const QString tenant = m_tenant->text().trimmed();
    const std::optional<SignInOptions> o = options(tenant);
    if (!o)
        return;
    begin(tr("Finish the sign-in in your browser…"));
    m_call =
        m_ui.accounts->signInWithBrowser(*o, this, [this, tenant](const Expected<Account> &r) { finish(r, tenant); });
}

void SignInPage::signInWithDeviceCode()
{
    if (isBusy())
        return;
    const QString tenant = m_tenant->text().trimmed();
    const std::optional<SignInOptions> o = options(tenant);
    if (!o)
        return;
    begin(tr("Asking for a device code…"));
    m_call = m_ui.accounts->signInWithDeviceCode(
        *o,
        [this](const DeviceCodePrompt &prompt) {
            // Empty when the server's URI is not https (or http on loopback): no button to open it.
            m_verificationUri = prompt.verificationUri;
            m_openVerification->setVisible(!m_verificationUri.isEmpty());
            m_deviceCode->setText(prompt.userCode);
            m_deviceCodeText->setValue(
                prompt.message.isEmpty()
                    ? tr("On any device, open %1 and enter this code:").arg(prompt.verificationUri.toString())
                    : prompt.message,
                prompt.verificationUri.toString());
            m_status->setText(tr("Waiting for you to enter the code (it expires in %1 minutes)…")
                                  .arg(qMax(1, prompt.expiresInSeconds / 60)));
            m_deviceCodePanel->show();
            m_deviceCode->setFocus();
            m_deviceCode->selectAll();
        },
        this, [this, tenant](const Expected<Account> &r) { finish(r, tenant); });
}

void SignInPage::signInAsServicePrincipal()
{
    if (isBusy())
        return;
    const QString tenant = m_spTenant->text().trimmed();
    std::optional<SignInOptions> o = options(tenant);
    if (!o)
        return;
    o->clientId = m_spClientId->text().trimmed();
    begin(tr("Signing in as the service principal…"));
    auto done = [this, tenant](const Expected<Account> &r) { finish(r, tenant); };
    if (m_spUseSecret->isChecked())
        m_call = m_ui.accounts->signInWithClientSecret(*o, m_spSecret->text().toUtf8(), this, done);
    else
        m_call = m_ui.accounts->signInWithCertificate(*o, m_spCertificate->text(),
                                                      m_spCertificatePassword->text().toUtf8(), this, done);
}

void SignInPage::startSandbox()
{
    if (isBusy() || !m_ui.startSandbox)
        return;
    const Expected<QByteArray> json = m_ui.startSandbox();
    if (!json) {
        m_message->showError(json.error(), tr("The sandbox did not start."));
        return;
    }
    const Expected<CloudEnvironment> cloud = CloudEnvironment::fromJson(QJsonDocument::fromJson(*json).object());
    if (!cloud) {
        m_message->showError(cloud.error(), tr("The sandbox did not start."));
        return;
    }
    // The sandbox listens on a new port each run: its cloud and account are for this run only.
    m_ui.config->registerSessionCloud(*cloud);
    refresh();
    m_cloud->setCurrentIndex(m_cloud->findData(cloud->name));
    SignInOptions o;
    o.cloud = *cloud;
    o.clientId = m_ui.config->clientId();
    o.remember = false;
    begin(tr("Signing in to the sandbox…"));
    m_call = m_ui.accounts->signInWithBrowser(o, this, [this](const Expected<Account> &r) { finish(r, {}); });
}

} // namespace pal
