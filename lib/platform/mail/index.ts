export { sendMail } from './send-mail';
