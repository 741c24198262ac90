(** * The seed's witness: its odd/even matricization contains the identity of size [q ^ k]

    Bond dimension [r.+1], [q = minn n r] (the paper's [min(n, r - 1)] for a bond of size
    [r]), pass state [P = q].  The cores (0-based, [[.]] the Iverson bracket):
    - first: [G_1(x)[b] = [x = b]];
    - internal: [G(x)[a, b] = [a = x][b = q]] if [a < q], [= [x = b]] if [a = q], else [0];
    - last: [G_d(x)[a] = [a = x]].

    The index lemma, in matrix form: from the pass state a letter [x < q] moves to the data state
    [x] ([pass_row]); from a data state [a < q] the letter [y] returns to the pass state exactly
    when [y = a] ([data_row]).  So [e_P G(x) G(y) = [x = y] e_P] ([pair_identity]), the first core
    is the pass row and the last core the pass column on letters [<= q] ([first_pass],
    [last_pass]), and on words over [[q]] the entry is [[u = v]] ([seed_entry_block]): the
    identity block, whence rank [>= q ^ k] for every [k >= 1] ([seed_rank]). *)

From mathcomp Require Import all_ssreflect all_algebra.
From TTExpr Require Import Matricization TensorTrain.

Set Implicit Arguments.
Unset Strict Implicit.
Unset Printing Implicit Defensive.

Import GRing.Theory.
Local Open Scope ring_scope.

Section SeedWitness.

Variable F : fieldType.
Variables n r : nat.

Definition q := minn n r.

Lemma q_lt : (q < r.+1)%N.
Proof. by rewrite ltnS geq_minr. Qed.

Definition pass : 'I_r.+1 := Ordinal q_lt.

Definition seed_first (x : 'I_n) : 'rV[F]_r.+1 := \row_b ((x : nat) == b)%:R.

Definition seed_core (x : 'I_n) : 'M[F]_r.+1 :=
  \matrix_(a, b) (if (a < q)%N then ((a == x :> nat) && (b == q :> nat))%:R
                  else if (a == q :> nat) then ((x : nat) == b)%:R else 0).

Definition seed_last (x : 'I_n) : 'cV[F]_r.+1 := \col_a ((a : nat) == x)%:R.

Definition seed : ett F n r.+1 := ETT seed_first seed_core seed_last.

Notation e_ s := (delta_mx 0 s : 'rV[F]_r.+1).

Lemma first_pass x : seed_first x = e_ pass *m seed_core x.
Proof.
apply/rowP=> b; rewrite -rowE !mxE /= ltnn eqxx.
by [].
Qed.

Lemma last_pass (y : 'I_n) : (y <= q)%N -> seed_last y = seed_core y *m (e_ pass)^T.
Proof.
move=> yq; rewrite trmx_delta -colE; apply/colP=> a; rewrite !mxE /=.
case: ltnP => [aq|qa]; first by rewrite eqxx andbT.
have [aq|nq] := eqVneq (a : nat) q; first by rewrite aq eq_sym.
have [ay|//] := eqVneq (a : nat) y.
have : (a <= q)%N by rewrite ay.
by rewrite leq_eqVlt (negbTE nq) ltnNge qa.
Qed.

Lemma pass_row (x : 'I_n) (xr : (x < r.+1)%N) : e_ pass *m seed_core x = e_ (Ordinal xr).
Proof.
apply/rowP=> b; rewrite -rowE !mxE /= ltnn eqxx.
by rewrite -[b == _]val_eqE /= eq_sym.
Qed.

Lemma data_row (a : 'I_r.+1) (y : 'I_n) : (a < q)%N ->
  e_ a *m seed_core y = ((a : nat) == y)%:R *: e_ pass.
Proof.
move=> aq; apply/rowP=> b; rewrite -rowE !mxE aq /=.
by case: eqP => _; rewrite ?mul1r ?mul0r // natrM.
Qed.

Lemma pair_identity (x y : 'I_n) : (x < q)%N ->
  e_ pass *m seed_core x *m seed_core y = ((x : nat) == y)%:R *: e_ pass.
Proof.
move=> xq; have xr : (x < r.+1)%N by exact: leq_trans xq (ltnW q_lt).
by rewrite pass_row (@data_row (Ordinal xr)).
Qed.

(** Words over [[q]] are words over [[n]]. *)
Definition to_n : 'I_q -> 'I_n := widen_ord (geq_minl n r).

Lemma pass_pass : (e_ pass *m (e_ pass)^T) 0 0 = 1 :> F.
Proof. by rewrite trmx_delta mul_delta_mx mxE !eqxx. Qed.

Lemma oe_tail_block (x y : 'I_q) (u v : seq 'I_q) : size u = size v ->
  (e_ pass *m seed_core (to_n x) *m oe_tail seed (to_n y) (map to_n u) (map to_n v)) 0 0
  = ((x :: u) == (y :: v))%:R.
Proof.
elim: u v x y => [|x' u IH] [|y' v] //= x y.
  move=> _; rewrite last_pass /= ?(ltnW (ltn_ord y)) // !mulmxA pair_identity //=.
  by rewrite -!scalemxAl mxE pass_pass mulr1 eqseq_cons andbT.
case=> /IH {}IH; rewrite !mulmxA pair_identity //= -!scalemxAl mxE IH.
by rewrite -natrM mulnb [in RHS]eqseq_cons.
Qed.

(** The identity block: on words over [[q]], the entry at [(u, v)] is [[u = v]]. *)
Lemma seed_entry_block k (u v : k.+1.-tuple 'I_q) :
  tt_entry seed (interleave (map_tuple to_n u) (map_tuple to_n v)) = (u == v)%:R.
Proof.
case: u => [[|x u] su] //; case: v => [[|y v] sv] //.
transitivity ((seed_first (to_n x) *m oe_tail seed (to_n y) (map to_n u) (map to_n v)) 0 0).
  exact: (tt_entry_interleave seed (to_n x) (to_n y)).
rewrite first_pass oe_tail_block; last by move: su sv => /eqP [->] /eqP [->].
by congr (_%:R); rewrite -val_eqE.
Qed.

(** The seed's theorem, finite part: for every [k >= 1] the odd/even matricization of the
    witness ([d = 2k] modes of size [n], bond dimension [r.+1]) has rank at least
    [min(n, r) ^ k] -- the paper's [min(n, r - 1) ^ (d/2)] for a bond of size [r]. *)
Theorem seed_rank k : (minn n r ^ k.+1 <= \rank (oddeven_mx seed k.+1))%N.
Proof.
rewrite rank_oddeven_mx.
have := @rank_fmx_block F _ _ [finType of k.+1.-tuple 'I_q]
  (fun u v : k.+1.-tuple 'I_n => tt_entry seed (interleave u v))
  (fun u => map_tuple to_n u) (fun v => map_tuple to_n v) (@seed_entry_block k).
by rewrite card_tuple card_ord.
Qed.

End SeedWitness.
