"""The user's own data: a complete export (GET /api/profile/export/) and account deletion
(DELETE /api/profile/account/), each reaching every enabled plugin through its hooks
(export_user_data, user_deleted)."""
