# Hand-written first steps of each library's update rule, in 50-digit decimals (no LR Lab, no library):
# the formulas as read in Keras 3 (keras/src/optimizers/*.py), TF.js (tfjs-core/src/optimizers/*.ts)
# and Optax (optax/_src/transform.py, alias.py).
from decimal import Decimal as D, getcontext
getcontext().prec = 50
def sqrt(x): return x.sqrt()
TH0 = [D(1), D(-2)]
GS = [[D('0.5'), D(-1)], [D('0.1'), D('0.3')]]
def run(step, state, lr):
    th = list(TH0); out = []
    for t, g in enumerate(GS, 1):
        for i in range(2): th[i] = step(i, th[i], g[i], t, state, lr)
        state['after'](t)
        out.append([float(x) for x in th])
    return out
def keras_adam(lr, eps, b1=D('0.9'), b2=D('0.999'), wd=D(0)):
    s = {'m':[D(0)]*2,'v':[D(0)]*2,'after':lambda t: None}
    def step(i, th, g, t, s, lr):
        th = th - th*wd*lr
        s['m'][i] += (g - s['m'][i])*(1-b1); s['v'][i] += (g*g - s['v'][i])*(1-b2)
        alpha = lr*sqrt(1-b2**t)/(1-b1**t)
        return th - alpha*s['m'][i]/(sqrt(s['v'][i])+eps)
    return run(step, s, lr)
def corrected_adam(lr, eps, b1=D('0.9'), b2=D('0.999'), ams_hat=False):
    s = {'m':[D(0)]*2,'v':[D(0)]*2,'vmax':[D(0)]*2,'after':lambda t: None}
    def step(i, th, g, t, s, lr):
        s['m'][i] = b1*s['m'][i] + (1-b1)*g; s['v'][i] = b2*s['v'][i] + (1-b2)*g*g
        vh = s['v'][i]/(1-b2**t)
        if ams_hat: s['vmax'][i] = max(s['vmax'][i], vh); vh = s['vmax'][i]
        return th - lr*(s['m'][i]/(1-b1**t))/(sqrt(vh)+eps)
    return run(step, s, lr)
def root_adagrad(lr, eps, init=D('0.1'), wd=D(0)):
    s = {'sum':[init]*2,'after':lambda t: None}
    def step(i, th, g, t, s, lr):
        th = th - th*wd*lr
        s['sum'][i] += g*g
        return th - lr*g/sqrt(s['sum'][i]+eps)
    return run(step, s, lr)
def root_rmsprop(lr, rho, eps, mom=D(0), centered=False, tfjs=False, wd=D(0)):
    s = {'v':[D(0)]*2,'b':[D(0)]*2,'mg':[D(0)]*2,'after':lambda t: None}
    def step(i, th, g, t, s, lr):
        th = th - th*wd*lr
        s['v'][i] = rho*s['v'][i] + (1-rho)*g*g
        if centered:
            s['mg'][i] = rho*s['mg'][i] + (1-rho)*g
            den = s['v'][i] - (s['mg'][i]**2 + eps) if tfjs else s['v'][i] - s['mg'][i]**2 + eps
        else: den = s['v'][i] + eps
        inc = lr*g/sqrt(den)
        s['b'][i] = mom*s['b'][i] + inc
        return th - s['b'][i]
    return run(step, s, lr)
def adadelta(lr, rho, eps, old_v=False, wd=D(0)):
    s = {'v':[D(0)]*2,'u':[D(0)]*2,'after':lambda t: None}
    def step(i, th, g, t, s, lr):
        th = th - th*wd*lr
        vnew = rho*s['v'][i] + (1-rho)*g*g
        d = sqrt(s['u'][i]+eps)/sqrt((s['v'][i] if old_v else vnew)+eps)*g
        s['v'][i] = vnew
        s['u'][i] = rho*s['u'][i] + (1-rho)*d*d
        return th - lr*d
    return run(step, s, lr)
def keras_nadam(lr, eps, b1=D('0.9'), b2=D('0.999')):
    s = {'m':[D(0)]*2,'v':[D(0)]*2,'P':D(1)}
    def mu(t): return b1*(1-D('0.5')*D('0.96')**t)
    def after(t): s['P'] = s['P']*mu(t)
    s['after'] = after
    def step(i, th, g, t, s, lr):
        P = s['P']*mu(t); P1 = P*mu(t+1)
        s['m'][i] += (g - s['m'][i])*(1-b1); s['v'][i] += (g*g - s['v'][i])*(1-b2)
        mh = mu(t+1)*s['m'][i]/(1-P1) + (1-mu(t))*g/(1-P)
        return th - mh*lr/(sqrt(s['v'][i]/(1-b2**t))+eps)
    return run(step, s, lr)
def optax_nadam(lr, eps, b1=D('0.9'), b2=D('0.999')):
    s = {'m':[D(0)]*2,'v':[D(0)]*2,'after':lambda t: None}
    def step(i, th, g, t, s, lr):
        s['m'][i] = b1*s['m'][i] + (1-b1)*g; s['v'][i] = b2*s['v'][i] + (1-b2)*g*g
        mh = b1*s['m'][i]/(1-b1**(t+1)) + (1-b1)*g/(1-b1**t)
        return th - lr*mh/(sqrt(s['v'][i]/(1-b2**t))+eps)
    return run(step, s, lr)
L = D('0.1')
cases = {
 'adam keras': keras_adam(L, D('1e-7')),
 'adam keras wd 0.1 amsgrad-off': keras_adam(L, D('1e-7'), wd=D('0.1')),
 'adam tfjs': corrected_adam(L, D('1e-7')),
 'adam optax amsgrad': corrected_adam(L, D('1e-8'), ams_hat=True),
 'adagrad keras': root_adagrad(L, D('1e-7')),
 'adagrad keras wd 0.1': root_adagrad(L, D('1e-7'), wd=D('0.1')),
 'rmsprop keras': root_rmsprop(L, D('0.9'), D('1e-7')),
 'rmsprop keras momentum 0.9 centered': root_rmsprop(L, D('0.9'), D('1e-7'), mom=D('0.9'), centered=True),
 'rmsprop tfjs centered': root_rmsprop(L, D('0.9'), D('1e-7'), centered=True, tfjs=True),
 'rmsprop optax momentum 0.5': root_rmsprop(L, D('0.9'), D('1e-8'), mom=D('0.5')),
 'adadelta keras': adadelta(L, D('0.95'), D('1e-7')),
 'adadelta tfjs': adadelta(L, D('0.95'), D('1e-7'), old_v=True),
 'nadam keras': keras_nadam(L, D('1e-7')),
 'nadam optax': optax_nadam(L, D('1e-8')),
}
for k, v in cases.items(): print(repr(k), v)
b1=D('0.9')
print('mu100 keras', b1*(1-D('0.5')*D('0.96')**100), 'pytorch', b1*(1-D('0.5')*D('0.96')**(D(100)*D('0.004'))))
