"""Written statements (Stellungnahmen): by web form, with or without an account, or recorded by staff."""
