//! Pure types shared by the server and the browser. Nothing here touches I/O.

pub mod account;
pub mod admin;
pub mod api_token;
pub mod audit;
pub mod board;
pub mod checklist;
pub mod comment;
pub mod csv_import;
pub mod dates;
pub mod error;
pub mod filter;
pub mod handle;
pub mod label;
pub mod live;
pub mod membership;
pub mod message;
pub mod notifications;
pub mod permission;
pub mod preferences;
pub mod status;
pub mod task;
pub mod trash;
pub mod webhook;

pub use account::{CurrentUser, Email, Password, PersonName};
pub use board::{Board, BoardColumn, BoardPage, TaskCard};
pub use error::{AppError, Conflict, FieldError, FormErrors};
pub use filter::{BoardFilter, ColumnsShown, CARDS_PER_PAGE};
pub use handle::Handle;
pub use membership::{
    BoardHeader, BoardInfo, BoardListing, BoardName, BoardRole, InvitationView, InvitationViewer, Member, MembersPage,
    PendingInvitation,
};
pub use message::Message;
pub use permission::TaskRoles;
pub use status::Status;
pub use task::{
    Deadline, Description, NewTask, NewTaskForm, Person, TaskDetails, TaskEdit, TaskInput, TaskPage, TaskTitle,
};
