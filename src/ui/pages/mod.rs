mod board;
mod forgot_password;
mod login;
pub mod new_task;
mod not_found;
mod reset_password;
mod signup;
mod task;

pub use board::BoardPage;
pub use forgot_password::ForgotPasswordPage;
pub use login::LoginPage;
pub use new_task::NewTaskPage;
pub use not_found::NotFoundPage;
pub use reset_password::ResetPasswordPage;
pub use signup::SignupPage;
pub use task::TaskDetailPage;
