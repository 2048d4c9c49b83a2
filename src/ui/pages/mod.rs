mod board;
mod forgot_password;
mod login;
mod not_found;
mod reset_password;
mod signup;

pub use board::BoardPage;
pub use forgot_password::ForgotPasswordPage;
pub use login::LoginPage;
pub use not_found::NotFoundPage;
pub use reset_password::ResetPasswordPage;
pub use signup::SignupPage;
