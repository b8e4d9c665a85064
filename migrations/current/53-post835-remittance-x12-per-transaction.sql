-- 53-post835 (issue 15, posting throughput): a file of several 835s is posted several at once
-- (server/remittances/post-in-file-order.ts), and each remittance keeps its own ST..SE in the
-- file's envelope instead of the whole file again (x12/transaction-set-texts.ts).
comment on column billing.remittance.x12 is 'The X12 this transaction came in, bytes as received: the whole interchange when it carried this 835 alone; otherwise the ISA, its GS, this ST..SE, the GE and the IEA (the other 835s of the file are their own rows). PHI: read it through the console or psql only.';
