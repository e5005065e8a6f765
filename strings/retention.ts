// Texts written by the retention job.
export const RETENTION = {
  clearedText: '（该消息已超过保存期限，内容已清除）',
}
