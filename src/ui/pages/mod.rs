mod board;
mod login;
mod not_found;
mod signup;

pub use board::BoardPage;
pub use login::LoginPage;
pub use not_found::NotFoundPage;
pub use signup::SignupPage;
