import './app/admin-app.js';
