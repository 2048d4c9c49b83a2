//! What the app tells a person about a request, as a code. The words come from the catalog in
//! the reader's language ([`Message::text`]) where the message is shown — beside a field, in a
//! form's alert — so one server answer reads right in English and in Korean, and tests match on
//! the code rather than on the wording.

use crate::i18n::*;
use serde::{Deserialize, Serialize};
use std::{borrow::Cow, fmt};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Message {
    // Accounts.
    EmailMissing,
    EmailInvalid,
    EmailTooLong,
    NameMissing,
    NameNotPrintable,
    PasswordTooCommon,
    EmailTaken,
    InvalidCredentials,
    TooManyAttempts,
    SlowDown,
    ResetLinkInvalid,
    TooManyResets,
    ConfirmLinkInvalid,
    TooManyConfirmations,
    InviteOnly,
    /// The instance's `SIGNUP=domains:…` list.
    DomainsOnly(String),
    CannotDeactivateSelf,
    // Any text field.
    TooLong(usize),
    TooShort(usize),
    InvisibleCharacters,
    SingleLine,
    ControlCharacters,
    // Boards and members.
    BoardNameMissing,
    ChooseRole,
    LastAdmin,
    AlreadyAMember,
    InvitationClosed,
    InvitationNotYours,
    ConfirmFirst,
    HasAnAccount,
    TooManyInvitations,
    // Tasks.
    TitleMissing,
    DateInvalid,
    DeadlinePast,
    FormOutOfDate,
    ChoosePerson,
    ChooseMember,
    ChooseColumn,
    TooFast,
    // The account page.
    ChooseLanguage,
    ChooseTimeZone,
    ChooseTheme,
    ChooseEmailMode,
    // Handles and comments.
    HandleInvalid,
    HandleTaken,
    CommentMissing,
    // Checklists.
    ItemMissing,
    ChecklistFull,
    ChooseDirection,
    // Labels.
    LabelNameMissing,
    LabelExists,
    LabelsFull,
    ChooseColour,
    LabelGone,
    // API tokens and the REST API.
    TokenNameMissing,
    ChooseAccess,
    ExpiryPast,
    TokensFull,
    TokenInvalid,
    TokenReadOnly,
    CursorInvalid,
    IdempotencyKeyInvalid,
    /// A create sent again with other fields than the first time (the same form, or the same
    /// Idempotency-Key): nothing was created.
    RequestReused,
    IdempotencyKeyReused,
    TooManyRequests,
    PageSize,
    // Webhooks.
    WebhookUrlInvalid,
    WebhookHttpsOnly,
    WebhookPrivateAddress,
    WebhookHostUnknown,
    WebhooksFull,
    // CSV import: the file as a whole, then one row's fields.
    CsvNoFile,
    CsvTooLarge(usize),
    CsvNotText,
    CsvEmpty,
    CsvNoTitleColumn,
    CsvTooManyRows(usize),
    CsvUnclosedQuote(usize),
    CsvStatusUnknown(String),
    CsvPersonUnknown(String),
    CsvPersonAmbiguous(String),
    CsvLabelUnknown(String),
    ImportOutOfDate,
}

impl Message {
    /// The message in `locale`'s words.
    pub fn text(&self, locale: Locale) -> Cow<'static, str> {
        use Message::*;
        let text: Cow<'static, str> = match self {
            EmailMissing => td_string!(locale, errors.email_missing).into(),
            EmailInvalid => td_string!(locale, errors.email_invalid).into(),
            EmailTooLong => td_string!(locale, errors.email_too_long).into(),
            NameMissing => td_string!(locale, errors.name_missing).into(),
            NameNotPrintable => td_string!(locale, errors.name_not_printable).into(),
            PasswordTooCommon => td_string!(locale, errors.password_too_common).into(),
            EmailTaken => td_string!(locale, errors.email_taken).into(),
            InvalidCredentials => td_string!(locale, errors.invalid_credentials).into(),
            TooManyAttempts => td_string!(locale, errors.too_many_attempts).into(),
            SlowDown => td_string!(locale, errors.slow_down).into(),
            ResetLinkInvalid => td_string!(locale, errors.reset_link_invalid).into(),
            TooManyResets => td_string!(locale, errors.too_many_resets).into(),
            ConfirmLinkInvalid => td_string!(locale, errors.confirm_link_invalid).into(),
            TooManyConfirmations => td_string!(locale, errors.too_many_confirmations).into(),
            InviteOnly => td_string!(locale, errors.invite_only).into(),
            DomainsOnly(domains) => td_string!(locale, errors.domains_only, domains = domains).to_string().into(),
            CannotDeactivateSelf => td_string!(locale, errors.cannot_deactivate_self).into(),
            TooLong(max) => td_string!(locale, errors.too_long, max = max).to_string().into(),
            TooShort(min) => td_string!(locale, errors.too_short, min = min).to_string().into(),
            InvisibleCharacters => td_string!(locale, errors.invisible_characters).into(),
            SingleLine => td_string!(locale, errors.single_line).into(),
            ControlCharacters => td_string!(locale, errors.control_characters).into(),
            BoardNameMissing => td_string!(locale, errors.board_name_missing).into(),
            ChooseRole => td_string!(locale, errors.choose_role).into(),
            LastAdmin => td_string!(locale, errors.last_admin).into(),
            AlreadyAMember => td_string!(locale, errors.already_a_member).into(),
            InvitationClosed => td_string!(locale, errors.invitation_closed).into(),
            InvitationNotYours => td_string!(locale, errors.invitation_not_yours).into(),
            ConfirmFirst => td_string!(locale, errors.confirm_first).into(),
            HasAnAccount => td_string!(locale, errors.has_an_account).into(),
            TooManyInvitations => td_string!(locale, errors.too_many_invitations).into(),
            TitleMissing => td_string!(locale, errors.title_missing).into(),
            DateInvalid => td_string!(locale, errors.date_invalid).into(),
            DeadlinePast => td_string!(locale, errors.deadline_past).into(),
            FormOutOfDate => td_string!(locale, errors.form_out_of_date).into(),
            ChoosePerson => td_string!(locale, errors.choose_person).into(),
            ChooseMember => td_string!(locale, errors.choose_member).into(),
            ChooseColumn => td_string!(locale, errors.choose_column).into(),
            TooFast => td_string!(locale, errors.too_fast).into(),
            ChooseLanguage => td_string!(locale, errors.choose_language).into(),
            ChooseTimeZone => td_string!(locale, errors.choose_time_zone).into(),
            ChooseTheme => td_string!(locale, errors.choose_theme).into(),
            ChooseEmailMode => td_string!(locale, errors.choose_email_mode).into(),
            HandleInvalid => td_string!(locale, errors.handle_invalid).into(),
            HandleTaken => td_string!(locale, errors.handle_taken).into(),
            CommentMissing => td_string!(locale, errors.comment_missing).into(),
            ItemMissing => td_string!(locale, errors.item_missing).into(),
            ChecklistFull => td_string!(locale, errors.checklist_full).into(),
            ChooseDirection => td_string!(locale, errors.choose_direction).into(),
            LabelNameMissing => td_string!(locale, errors.label_name_missing).into(),
            LabelExists => td_string!(locale, errors.label_exists).into(),
            LabelsFull => td_string!(locale, errors.labels_full).into(),
            ChooseColour => td_string!(locale, errors.choose_colour).into(),
            LabelGone => td_string!(locale, errors.label_gone).into(),
            TokenNameMissing => td_string!(locale, errors.token_name_missing).into(),
            ChooseAccess => td_string!(locale, errors.choose_access).into(),
            ExpiryPast => td_string!(locale, errors.expiry_past).into(),
            TokensFull => td_string!(locale, errors.tokens_full).into(),
            TokenInvalid => td_string!(locale, errors.token_invalid).into(),
            TokenReadOnly => td_string!(locale, errors.token_read_only).into(),
            CursorInvalid => td_string!(locale, errors.cursor_invalid).into(),
            IdempotencyKeyInvalid => td_string!(locale, errors.idempotency_key_invalid).into(),
            RequestReused => td_string!(locale, errors.request_reused).into(),
            IdempotencyKeyReused => td_string!(locale, errors.idempotency_key_reused).into(),
            TooManyRequests => td_string!(locale, errors.too_many_requests).into(),
            PageSize => td_string!(locale, errors.page_size).into(),
            WebhookUrlInvalid => td_string!(locale, errors.webhook_url_invalid).into(),
            WebhookHttpsOnly => td_string!(locale, errors.webhook_https_only).into(),
            WebhookPrivateAddress => td_string!(locale, errors.webhook_private_address).into(),
            WebhookHostUnknown => td_string!(locale, errors.webhook_host_unknown).into(),
            WebhooksFull => td_string!(locale, errors.webhooks_full).into(),
            CsvNoFile => td_string!(locale, errors.csv_no_file).into(),
            CsvTooLarge(kb) => td_string!(locale, errors.csv_too_large, kb = kb).to_string().into(),
            CsvNotText => td_string!(locale, errors.csv_not_text).into(),
            CsvEmpty => td_string!(locale, errors.csv_empty).into(),
            CsvNoTitleColumn => td_string!(locale, errors.csv_no_title_column).into(),
            CsvTooManyRows(max) => td_string!(locale, errors.csv_too_many_rows, max = max).to_string().into(),
            CsvUnclosedQuote(line) => td_string!(locale, errors.csv_unclosed_quote, line = line).to_string().into(),
            CsvStatusUnknown(text) => td_string!(locale, errors.csv_status_unknown, text = text).to_string().into(),
            CsvPersonUnknown(text) => td_string!(locale, errors.csv_person_unknown, text = text).to_string().into(),
            CsvPersonAmbiguous(text) => td_string!(locale, errors.csv_person_ambiguous, text = text).to_string().into(),
            CsvLabelUnknown(text) => td_string!(locale, errors.csv_label_unknown, text = text).to_string().into(),
            ImportOutOfDate => td_string!(locale, errors.import_out_of_date).into(),
        };
        text
    }
}

/// In English: logs, and tests that read a message.
impl fmt::Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text(Locale::en))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_read_in_both_languages_with_their_values() {
        assert_eq!(Message::TooLong(100).text(Locale::en), "Use at most 100 characters.");
        assert_eq!(Message::TooLong(100).text(Locale::ko), "100자 이하로 입력해 주세요.");
        assert_eq!(Message::InvalidCredentials.to_string(), "Invalid email or password.");
        assert_ne!(Message::InvalidCredentials.text(Locale::ko), Message::InvalidCredentials.text(Locale::en));
    }
}
