"""Back-office screens of the catalogue inside the Wagtail admin (数据共享 menu); each calls services/selectors."""
